//! Pure arithmetic in hundredths of a point: items, categories, process and results, total, bands.

use serde::Serialize;

use crate::assessment::{Checked, Organisation, Warning};
use crate::framework::{Framework, Kind, OverallBand, Slot, Text, OFF_GRID};
use crate::Points;

/// The scores of one checked assessment. Vectors follow framework order; names and ids are read
/// from `framework` when needed, so scoring itself allocates only two small vectors.
#[derive(Debug, Clone)]
pub struct Scorecard<'f> {
    pub framework: &'f Framework,
    pub items: Vec<ItemScore>,
    pub categories: Vec<Points>,
    pub process: Points,
    pub results: Points,
    pub total: Points,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemScore {
    /// `None` where the item is not rated (partial scores only); it then scores 0.
    pub percent: Option<u8>,
    pub score: Points,
}

impl<'f> Checked<'f> {
    pub fn score(&self) -> Scorecard<'f> {
        score(self.framework, &self.percents)
    }

    /// Scores into `card`, reusing its vectors: once they have grown, no allocation per call
    /// (a service scoring assessment after assessment keeps one card).
    pub fn score_into(&self, card: &mut Scorecard<'f>) {
        score_into(self.framework, &self.percents, card);
    }
}

/// Scores percents given in framework order (already checked: on the grid, one per item).
pub fn score<'f>(framework: &'f Framework, percents: &[Option<u8>]) -> Scorecard<'f> {
    let mut card = Scorecard {
        framework,
        items: Vec::with_capacity(percents.len()),
        categories: Vec::with_capacity(framework.categories.len()),
        process: Points::ZERO,
        results: Points::ZERO,
        total: Points::ZERO,
    };
    score_into(framework, percents, &mut card);
    card
}

/// `score` into an existing card, its vectors refilled in place, with no allocation once they have
/// grown: one pass over the items without a branch on the percent or the kind (an item not rated
/// is 0 percent, which scores 0; so is an item past the end of `percents`), the running sum of a
/// category written out at its last item; the total is the sum of the categories.
pub fn score_into<'f>(framework: &'f Framework, percents: &[Option<u8>], card: &mut Scorecard<'f>) {
    if framework.one_kind_per_category() {
        score_into_by::<true>(framework, percents, card);
    } else {
        score_into_by::<false>(framework, percents, card);
    }
}

/// `score_into`, compiled apart for frameworks whose categories are each of one kind: the results
/// subtotal then takes whole category sums at each category's last item (a masked add per
/// category, not per item).
#[inline(always)]
fn score_into_by<'f, const ONE_KIND: bool>(
    framework: &'f Framework,
    percents: &[Option<u8>],
    card: &mut Scorecard<'f>,
) {
    let slots = framework.slots();
    card.framework = framework;
    card.items.resize(slots.len(), ItemScore { percent: None, score: Points::ZERO });
    card.categories.resize(framework.categories.len(), Points::ZERO);
    let rated = slots.len().min(percents.len());
    let (items, unrated) = card.items.split_at_mut(rated);
    let categories = &mut card.categories[..];
    let (mut sum, mut total, mut results) = (0i64, 0i64, 0i64);
    for ((out, slot), &percent) in items.iter_mut().zip(&slots[..rated]).zip(&percents[..rated]) {
        let score = i64::from(percent.unwrap_or(0)) * slot.points;
        *out = ItemScore { percent, score: Points(score) };
        if !ONE_KIND {
            results += score & slot.results;
        }
        sum += score;
        if slot.last {
            if let Some(category) = categories.get_mut(slot.category) {
                *category = Points(sum);
            }
            if ONE_KIND {
                results += sum & slot.results;
            }
            total += sum;
            sum = 0;
        }
    }
    unrated.fill(ItemScore { percent: None, score: Points::ZERO });
    // Percents shorter than the framework: the category in progress holds what was summed, and
    // the categories after it nothing.
    if let Some(next) = slots.get(rated) {
        if let Some((first, after)) = categories.get_mut(next.category..).and_then(|c| c.split_first_mut()) {
            *first = Points(sum);
            after.fill(Points::ZERO);
        }
        if ONE_KIND {
            results += sum & next.results;
        }
        total += sum;
    }
    (card.process, card.results, card.total) = (Points(total - results), Points(results), Points(total));
}

/// Scores of many assessments at once: the notebook path. Per-row vectors; `categories` is
/// category-major (categories x rows), so each category is one contiguous column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    pub totals: Vec<i64>,
    pub process: Vec<i64>,
    pub results: Vec<i64>,
    pub categories: Vec<i64>,
    /// Overall band per row (0 when the framework has none).
    pub bands: Vec<u8>,
    /// Items rated per row.
    pub rated: Vec<u32>,
}

impl Batch {
    /// Empties every vector, keeping its memory.
    pub fn clear(&mut self) {
        self.totals.clear();
        self.process.clear();
        self.results.clear();
        self.categories.clear();
        self.bands.clear();
        self.rated.clear();
    }
}

/// A batch's results as a data frame's columns, one vector per column so that each can become a
/// NumPy or Arrow column as it is (no copy): the points as float64 (`Points::as_f64` of the exact
/// hundredths), the whole numbers as int64. The kernel converts each block of rows while its sums
/// are in cache, so the whole batch never passes through integer columns first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    pub total: Vec<f64>,
    pub total_hundredths: Vec<i64>,
    pub process: Vec<f64>,
    pub results: Vec<f64>,
    /// One column per category, in framework order.
    pub categories: Vec<Vec<f64>>,
    /// Overall band per row (0 when the framework has none).
    pub band: Vec<i64>,
    /// Items rated per row.
    pub rated: Vec<i64>,
}

impl Frame {
    /// Empties every column, keeping none of them (a frame's columns are usually handed on).
    pub fn clear(&mut self) {
        *self = Frame::default();
    }
}

/// A frame's columns in memory the caller owns (a NumPy block, a reused buffer): each slice holds
/// one result column for every row of the batch. `frame_columns_into_slices` writes every value,
/// so the memory need not be initialised to anything in particular.
#[derive(Debug)]
pub struct FrameSlices<'a> {
    pub total: &'a mut [f64],
    pub total_hundredths: &'a mut [i64],
    pub process: &'a mut [f64],
    pub results: &'a mut [f64],
    /// One column per category, in framework order.
    pub categories: Vec<&'a mut [f64]>,
    pub band: &'a mut [i64],
    pub rated: &'a mut [i64],
}

impl FrameSlices<'_> {
    /// The first column of the wrong length, as (its name, its length, the length wanted): the
    /// category columns counted first, then each column against `rows`. The name is made only
    /// for a misfit.
    fn misfit(&self, categories: usize, rows: usize) -> Option<(String, usize, usize)> {
        if self.categories.len() != categories {
            return Some(("categories".into(), self.categories.len(), categories));
        }
        let named = [
            ("total", self.total.len()),
            ("total_hundredths", self.total_hundredths.len()),
            ("process", self.process.len()),
            ("results", self.results.len()),
            ("band", self.band.len()),
            ("rated", self.rated.len()),
        ];
        if let Some((name, len)) = named.into_iter().find(|(_, len)| *len != rows) {
            return Some((name.into(), len, rows));
        }
        let (k, column) = self.categories.iter().enumerate().find(|(_, c)| c.len() != rows)?;
        Some((format!("category {k}"), column.len(), rows))
    }
}

/// How a batch's percents lie in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One assessment after another: `values[row * items + item]`.
    RowMajor,
    /// One item column after another, as DataFrames hold them: `values[item * rows + row]`.
    ColumnMajor,
}

/// Scores `rows` assessments given as percents, row-major in framework item order; `NaN` marks an
/// item not rated. Every value is checked as `Checked::new` would; errors name the row and item.
pub fn batch(
    framework: &Framework,
    values: &[f64],
    rows: usize,
    completeness: crate::Completeness,
) -> Result<Batch, crate::Error> {
    batch_with_layout(framework, values, rows, Layout::RowMajor, completeness)
}

/// `batch` for either layout; column-major input saves a DataFrame caller a transposing copy.
pub fn batch_with_layout(
    framework: &Framework,
    values: &[f64],
    rows: usize,
    layout: Layout,
    completeness: crate::Completeness,
) -> Result<Batch, crate::Error> {
    let mut out = Batch::default();
    batch_with_layout_into(framework, values, rows, layout, completeness, 1, &mut out).map(|()| out)
}

/// `batch_with_layout` into `out`, its vectors refilled in place (a caller scoring batch after
/// batch keeps one `Batch`: once its vectors have the shape, no call allocates or touches fresh
/// memory), on up to `threads` threads: parts of at least `PART_ROWS` rows each, scored side by
/// side, each into its own rows of `out`. The result and any error are those of one thread. On an
/// error `out` is left empty.
pub fn batch_with_layout_into(
    framework: &Framework,
    values: &[f64],
    rows: usize,
    layout: Layout,
    completeness: crate::Completeness,
    threads: usize,
    out: &mut Batch,
) -> Result<(), crate::Error> {
    let n = framework.item_count();
    if rows.checked_mul(n) != Some(values.len()) {
        out.clear();
        return Err(crate::Error::BatchShape { values: values.len(), rows, columns: n });
    }
    in_parts(framework, rows, threads, out, |first, part| {
        kernel(
            framework,
            first,
            completeness,
            |block, start, len| match layout {
                // Row by row: each row's cells are read once, in order.
                Layout::RowMajor => block.rows(&values[start * n..(start + len) * n]),
                Layout::ColumnMajor => {
                    (0..n).try_for_each(|i| block.column(i).add_dense(&values[i * rows + start..][..len]))
                }
            },
            |row, i| {
                Some(match layout {
                    Layout::RowMajor => values[row * n + i],
                    Layout::ColumnMajor => values[i * rows + row],
                })
            },
            part,
        )
    })
}

/// One item column of a batch as it lies in memory (an Arrow or NumPy column), borrowed: integer
/// and float columns are read as they are, with no conversion pass.
#[derive(Debug, Clone, Copy)]
pub enum Cells<'a> {
    I64(&'a [i64]),
    I32(&'a [i32]),
    I16(&'a [i16]),
    I8(&'a [i8]),
    U64(&'a [u64]),
    U32(&'a [u32]),
    U16(&'a [u16]),
    U8(&'a [u8]),
    F64(&'a [f64]),
    F32(&'a [f32]),
    /// The item has no column: not rated in every row.
    Absent,
}

/// A column and its validity: an Arrow validity bitmap (least significant bit first) and the bit
/// of row 0 in it; `None` when every row is valid. A null cell is "not rated".
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub cells: Cells<'a>,
    pub valid: Option<(&'a [u8], usize)>,
}

impl<'a> Column<'a> {
    /// Rows `start..start + len` of the column (a view: nothing is copied), for scoring a batch
    /// in parts.
    pub fn rows(&self, start: usize, len: usize) -> Column<'a> {
        fn part<T>(cells: &[T], start: usize, len: usize) -> &[T] {
            cells.get(start..start + len).unwrap_or_default()
        }
        let cells = match self.cells {
            Cells::I64(c) => Cells::I64(part(c, start, len)),
            Cells::I32(c) => Cells::I32(part(c, start, len)),
            Cells::I16(c) => Cells::I16(part(c, start, len)),
            Cells::I8(c) => Cells::I8(part(c, start, len)),
            Cells::U64(c) => Cells::U64(part(c, start, len)),
            Cells::U32(c) => Cells::U32(part(c, start, len)),
            Cells::U16(c) => Cells::U16(part(c, start, len)),
            Cells::U8(c) => Cells::U8(part(c, start, len)),
            Cells::F64(c) => Cells::F64(part(c, start, len)),
            Cells::F32(c) => Cells::F32(part(c, start, len)),
            Cells::Absent => Cells::Absent,
        };
        Column { cells, valid: self.valid.map(|(bits, offset)| (bits, offset + start)) }
    }

    fn len(&self) -> Option<usize> {
        Some(match self.cells {
            Cells::I64(c) => c.len(),
            Cells::I32(c) => c.len(),
            Cells::I16(c) => c.len(),
            Cells::I8(c) => c.len(),
            Cells::U64(c) => c.len(),
            Cells::U32(c) => c.len(),
            Cells::U16(c) => c.len(),
            Cells::U8(c) => c.len(),
            Cells::F64(c) => c.len(),
            Cells::F32(c) => c.len(),
            Cells::Absent => return None,
        })
    }

    fn is_valid(&self, row: usize) -> bool {
        self.valid.is_none_or(|(bits, offset)| {
            let bit = offset + row;
            bits.get(bit / 8).is_some_and(|b| b & (1 << (bit % 8)) != 0)
        })
    }

    /// A cell as a float, for error messages; `None` when null or absent.
    fn value(&self, row: usize) -> Option<f64> {
        if !self.is_valid(row) {
            return None;
        }
        Some(match self.cells {
            Cells::I64(c) => c[row] as f64,
            Cells::I32(c) => f64::from(c[row]),
            Cells::I16(c) => f64::from(c[row]),
            Cells::I8(c) => f64::from(c[row]),
            Cells::U64(c) => c[row] as f64,
            Cells::U32(c) => f64::from(c[row]),
            Cells::U16(c) => f64::from(c[row]),
            Cells::U8(c) => f64::from(c[row]),
            Cells::F64(c) => c[row],
            Cells::F32(c) => f64::from(c[row]),
            Cells::Absent => return None,
        })
    }
}

/// Scores `rows` assessments given as one column per framework item (in framework order; `Absent`
/// for an item without a column). Every cell is checked as `Checked::new` would; errors name the
/// row and item, the first bad cell in row order, as `batch` does.
pub fn batch_columns(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: crate::Completeness,
) -> Result<Batch, crate::Error> {
    let mut out = Batch::default();
    batch_columns_into(framework, columns, rows, completeness, 1, &mut out).map(|()| out)
}

/// `batch_columns` into `out` on up to `threads` threads, as `batch_with_layout_into`. On an error
/// `out` is left empty.
pub fn batch_columns_into(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: crate::Completeness,
    threads: usize,
    out: &mut Batch,
) -> Result<(), crate::Error> {
    columns_into(framework, columns, rows, completeness, threads, out)
}

/// `batch_columns_into`, the results as a data frame's columns (`Frame`): what a notebook or an
/// Arrow consumer takes as it is. The same checks, errors and threads; on an error `out` is left
/// empty.
pub fn frame_columns_into(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: crate::Completeness,
    threads: usize,
    out: &mut Frame,
) -> Result<(), crate::Error> {
    columns_into(framework, columns, rows, completeness, threads, out)
}

/// `frame_columns_into` into columns the caller owns (`FrameSlices`, each `rows` long, one per
/// category): a notebook adapter hands the kernel NumPy memory it allocated, so the results need
/// no fresh zeroed vectors. A slice of another length is refused (`Error::Options`, naming the
/// column) before any work. On an error the slices hold no meaningful values.
pub fn frame_columns_into_slices(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: crate::Completeness,
    threads: usize,
    mut out: FrameSlices<'_>,
) -> Result<(), crate::Error> {
    if let Some((column, len, wanted)) = out.misfit(framework.categories.len(), rows) {
        return Err(crate::Error::Options {
            rule: format!(
                "result column {column} holds {len}, not {wanted} (rule: one value per row, one column per category)"
            ),
        });
    }
    columns_into(framework, columns, rows, completeness, threads, &mut out)
}

/// Scores item columns into either kind of output.
fn columns_into(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: crate::Completeness,
    threads: usize,
    out: &mut impl Output,
) -> Result<(), crate::Error> {
    let n = framework.item_count();
    if columns.len() != n || columns.iter().any(|c| c.len().is_some_and(|l| l != rows)) {
        let values = columns.iter().map(|c| c.len().unwrap_or(rows)).sum();
        out.clear();
        return Err(crate::Error::BatchShape { values, rows, columns: n });
    }
    in_parts(framework, rows, threads, out, |first, part| {
        kernel(
            framework,
            first,
            completeness,
            |block, start, len| {
                let mut skip = false;
                columns.iter().enumerate().try_for_each(|(i, column)| {
                    if std::mem::take(&mut skip) {
                        return Ok(()); // added with the item before it
                    }
                    // Two items of one category, both without nulls, of one cell type: one pass.
                    if let Some(next) = columns
                        .get(i + 1)
                        .filter(|next| column.valid.is_none() && next.valid.is_none() && block.pairs(i))
                    {
                        let points = block.slots[i + 1].points;
                        let mut acc = block.column(i);
                        macro_rules! pair {
                            ($($variant:ident),*) => {
                                match (column.cells, next.cells) {
                                    $((Cells::$variant(a), Cells::$variant(b)) => Some(
                                        acc.add_dense_pair(&a[start..start + len], &b[start..start + len], points),
                                    ),)*
                                    _ => None,
                                }
                            };
                        }
                        if let Some(added) = pair!(I64, I32, I16, I8, U64, U32, U16, U8, F64, F32) {
                            skip = true;
                            return added;
                        }
                    }
                    let mut acc = block.column(i);
                    let valid = |r: usize| column.is_valid(start + r);
                    macro_rules! add {
                        ($cells:expr) => {{
                            let cells = &$cells[start..start + len];
                            if column.valid.is_none() {
                                acc.add_dense(cells)
                            } else {
                                acc.add(|r| cells[r], valid, len)
                            }
                        }};
                    }
                    match column.cells {
                        Cells::I64(c) => add!(c),
                        Cells::I32(c) => add!(c),
                        Cells::I16(c) => add!(c),
                        Cells::I8(c) => add!(c),
                        Cells::U64(c) => add!(c),
                        Cells::U32(c) => add!(c),
                        Cells::U16(c) => add!(c),
                        Cells::U8(c) => add!(c),
                        Cells::F64(c) => add!(c),
                        Cells::F32(c) => add!(c),
                        Cells::Absent => acc.add(|_| 0u8, |_| false, len),
                    }
                })
            },
            |row, i| columns[i].value(row),
            part,
        )
    })
}

/// A percent cell of any numeric type: its whole value and whether it is exactly that.
trait Cell: Copy {
    /// `(whole, exact)`: for an integer its value (`exact` false past i64); for a float its
    /// truncation and whether that equals it (false for NaN, fractions, infinities).
    fn whole(self) -> (i64, bool);
    /// Its index into the framework's grid cells (`Framework::grid_cells`): its whole percent
    /// when that is exact and in 0..=100, else 101 (whose entry is `OFF_GRID`), with no branch.
    #[inline(always)]
    fn index(self) -> usize {
        let (whole, exact) = self.whole();
        // A negative whole wraps past 101 and is clamped to it.
        let index = (whole as u64).min(101);
        (if exact { index } else { 101 }) as usize
    }
    /// Only a float can be NaN ("not rated", as a null is).
    fn is_nan(self) -> bool {
        false
    }
}

macro_rules! integer_cell {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            #[inline(always)]
            #[allow(clippy::cast_possible_wrap, clippy::unnecessary_cast)]
            fn whole(self) -> (i64, bool) {
                // Every one of these types fits i64 except u64 past i64::MAX, which wraps to a
                // negative number and then fails the range check like any other bad value.
                (self as i64, true)
            }
        }
    )*};
}
integer_cell!(i64, i32, i16, i8, u64, u32, u16, u8);

/// 1.5 × 2^52: adding it rounds any float of magnitude below 2^51 to an integer held in the low
/// bits of the sum's mantissa.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

impl Cell for f64 {
    /// Its nearest integer, read from the mantissa bits of `self + ROUNDER` (no saturating
    /// conversion with its NaN and overflow fix-ups), and whether `self` is exactly that integer.
    /// NaN is never exact; an infinity or a magnitude past 2^51 gives a value far outside 0..=100
    /// (the sum's exponent differs from ROUNDER's), which the range check refuses.
    #[inline(always)]
    fn whole(self) -> (i64, bool) {
        let sum = self + ROUNDER;
        let whole = (sum.to_bits() as i64).wrapping_sub(ROUNDER.to_bits() as i64);
        (whole, sum - ROUNDER == self)
    }
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
}

impl Cell for f32 {
    #[inline(always)]
    fn whole(self) -> (i64, bool) {
        f64::from(self).whole()
    }
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
}

/// One block of rows for one item: where its points go.
struct Accumulator<'b> {
    partial: bool,
    /// A full score whose categories are each of one kind: the kind sums are made from the
    /// category sums at the end of a block, and every row rates every item (or the batch fails),
    /// so a column without nulls adds to its category and nothing else.
    dense: bool,
    /// The item is its category's first: its scores start the category's sums (the block's
    /// rows of the result hold the previous block's values until then).
    first: bool,
    points: i64,
    /// The percent by cell index (`Framework::grid_cells`).
    cells: &'b [i64; 102],
    category: &'b mut [i64],
    kind: &'b mut [i64],
    rated: &'b mut [u32],
}

/// A cell's percent when it is a whole percent in 0..=100 on the grid (`cells` by cell index).
#[inline(always)]
fn accepts(cells: &[i64; 102], cell: impl Cell) -> Option<i64> {
    Some(cells[cell.index()]).filter(|p| *p != OFF_GRID)
}

impl Accumulator<'_> {
    /// Adds one column's block; `Err(())` at the first cell that fails (the caller then finds and
    /// names the first bad cell of the whole batch). A null, or a NaN, is "not rated" in a partial
    /// score. A branch per cell measured faster here than a branch-free select (4.6 ms against
    /// 5.4 ms for 100,000 int64 rows): valid data takes the same branch every time.
    #[inline(always)]
    fn add<T: Cell>(&mut self, get: impl Fn(usize) -> T, valid: impl Fn(usize) -> bool, len: usize) -> Result<(), ()> {
        let (category, kind, rated) = (&mut self.category[..len], &mut self.kind[..len], &mut self.rated[..len]);
        if self.first {
            category.fill(0);
        }
        for r in 0..len {
            let cell = get(r);
            if let Some(percent) = accepts(self.cells, cell).filter(|_| valid(r)) {
                let score = percent * self.points;
                category[r] += score;
                if !self.dense {
                    kind[r] += score;
                    rated[r] += 1;
                }
            } else if !(self.partial && (!valid(r) || cell.is_nan())) {
                return Err(());
            }
        }
        Ok(())
    }

    /// `add` for a contiguous block without nulls: when the accumulator is dense, each cell's
    /// percent is read from the grid cells and its score added to its category (or starts it),
    /// with no branch: a bad cell scores `OFF_GRID` times the points, which the block's check
    /// finds. Otherwise the general loop. (Checking each cell by arithmetic instead, in a loop the
    /// compiler vectorises, measured slower on baseline x86-64, which has no 64-bit lane
    /// multiply: 3.9 ms against 2.7 ms for 100,000 rows of int64 columns, session 10.)
    #[inline(always)]
    fn add_dense<T: Cell>(&mut self, cells: &[T]) -> Result<(), ()> {
        if !self.dense {
            return self.add(|r| cells[r], |_| true, cells.len());
        }
        let (category, percent, points) = (&mut self.category[..cells.len()], self.cells, self.points);
        if self.first {
            category.iter_mut().zip(cells).for_each(|(sum, &cell)| *sum = percent[cell.index()] * points);
        } else {
            category.iter_mut().zip(cells).for_each(|(sum, &cell)| *sum += percent[cell.index()] * points);
        }
        Ok(())
    }

    /// `add_dense` of two items of one category (this accumulator's, then one of `points_b`
    /// points) in one pass: one read and write of the category's sums for both.
    #[inline(always)]
    fn add_dense_pair<T: Cell>(&mut self, a: &[T], b: &[T], points_b: i64) -> Result<(), ()> {
        let (category, percent, points_a) = (&mut self.category[..a.len()], self.cells, self.points);
        let rows = category.iter_mut().zip(a.iter().zip(&b[..a.len()]));
        let score = |x: T, y: T| percent[x.index()] * points_a + percent[y.index()] * points_b;
        if self.first {
            rows.for_each(|(sum, (&x, &y))| *sum = score(x, y));
        } else {
            rows.for_each(|(sum, (&x, &y))| *sum += score(x, y));
        }
        Ok(())
    }
}

/// Rows per block of the batch loop: the block's rows of the result stay in cache while every
/// item's cells are added to them.
const BLOCK: usize = 1024;

/// One block of rows of a part's result, filled either a column at a time (`column`) or a row
/// at a time (`rows`): the sums are written straight into the result, with no buffer to copy.
struct Block<'b> {
    partial: bool,
    /// See `Accumulator::dense`.
    dense: bool,
    /// The framework's slots: per item, its category, points and kind.
    slots: &'b [Slot],
    /// The framework's grid cells (`Framework::grid_cells`).
    cells: &'b [i64; 102],
    /// Per category, in a dense block, whether its items are results items.
    results: &'b [bool],
    /// Per category, the block's rows of its result column.
    categories: Vec<&'b mut [i64]>,
    /// The block's rows of the process and the results sums.
    kinds: [&'b mut [i64]; 2],
    rated: &'b mut [u32],
    /// Filled row by row, which sums the kinds as it goes.
    by_rows: bool,
    len: usize,
}

impl Block<'_> {
    /// Whether items `i` and `i + 1` may be added as a pair (`Accumulator::add_dense_pair`): a
    /// dense block, and both in one category.
    fn pairs(&self, i: usize) -> bool {
        self.dense && self.slots.get(i + 1).is_some_and(|next| next.category == self.slots[i].category)
    }

    /// The accumulator of item `i`'s cells in this block.
    fn column(&mut self, i: usize) -> Accumulator<'_> {
        let Slot { category, points, kind, .. } = self.slots[i];
        let first = i.checked_sub(1).is_none_or(|before| self.slots[before].category != category);
        Accumulator {
            partial: self.partial,
            dense: self.dense,
            first,
            points,
            cells: self.cells,
            category: &mut self.categories[category][..],
            kind: &mut self.kinds[usize::from(kind == Kind::Results)][..],
            rated: &mut self.rated[..],
        }
    }

    /// Adds the block's rows, given row-major (`len` rows of one cell per item, in framework
    /// order). A NaN is "not rated" in a partial score; `Err(())` when a cell is bad, as `add`.
    /// (Checking a whole block first with float arithmetic alone, which the compiler
    /// vectorises, then summing without checks measured no faster: 5.3 ms against 5.1-5.5 ms for
    /// 100,000 rows.)
    fn rows(&mut self, cells: &[f64]) -> Result<(), ()> {
        self.by_rows = true;
        if self.dense {
            let pairs = self.pairs_of_rows(cells);
            self.rows_of::<true>(cells, pairs)
        } else {
            self.rows_of::<false>(cells, 0)
        }
    }

    /// A dense block's rows two at a time: each item's slot (its points, whether it ends its
    /// category) read once for both rows. Returns the rows done (the block's length rounded down
    /// to even); `rows_of` does the last one of an odd block.
    fn pairs_of_rows(&mut self, cells: &[f64]) -> usize {
        let n = self.slots.len().max(1);
        let pairs = self.len / 2;
        for (p, two) in cells.chunks_exact(2 * n).enumerate().take(pairs) {
            let r = 2 * p;
            let (a, b) = two.split_at(n);
            let (mut sums, mut kinds) = ([0i64; 2], [[0i64; 2]; 2]);
            for ((&x, &y), slot) in a.iter().zip(b).zip(self.slots) {
                sums[0] += self.cells[x.index()] * slot.points;
                sums[1] += self.cells[y.index()] * slot.points;
                if slot.last {
                    if let Some(out) = self.categories.get_mut(slot.category).and_then(|c| c.get_mut(r..r + 2)) {
                        out.copy_from_slice(&sums);
                    }
                    let kind = usize::from(self.results.get(slot.category) == Some(&true));
                    kinds[kind][0] += sums[0];
                    kinds[kind][1] += sums[1];
                    sums = [0; 2];
                }
            }
            for (out, kind) in self.kinds.iter_mut().zip(kinds) {
                if let Some(out) = out.get_mut(r..r + 2) {
                    out.copy_from_slice(&kind);
                }
            }
        }
        2 * pairs
    }

    /// `rows`, compiled apart for dense blocks: one pass over a row's cells, from row `done` on
    /// (the rows before it were summed by `pairs_of_rows`). A dense block reads each percent from
    /// the grid cells (a bad cell's `OFF_GRID` found by the block's check), so no check, kind sum
    /// or count per cell. The running sum of a category is written out and restarted at its last
    /// item.
    #[inline(always)]
    fn rows_of<const DENSE: bool>(&mut self, cells: &[f64], done: usize) -> Result<(), ()> {
        let (n, partial) = (self.slots.len().max(1), self.partial);
        for (r, row) in cells.chunks_exact(n).enumerate().take(self.len).skip(done) {
            let (mut sum, mut kinds, mut rated) = (0i64, [0i64; 2], 0u32);
            for (&cell, slot) in row.iter().zip(self.slots) {
                if DENSE {
                    sum += self.cells[cell.index()] * slot.points;
                } else {
                    if let Some(percent) = accepts(self.cells, cell) {
                        let score = percent * slot.points;
                        sum += score;
                        kinds[usize::from(slot.kind == Kind::Results)] += score;
                        rated += 1;
                    } else if !(partial && cell.is_nan()) {
                        return Err(());
                    }
                }
                if slot.last {
                    if let Some(out) = self.categories.get_mut(slot.category).and_then(|c| c.get_mut(r)) {
                        *out = sum;
                    }
                    if DENSE {
                        kinds[usize::from(self.results.get(slot.category) == Some(&true))] += sum;
                    }
                    sum = 0;
                }
            }
            for (out, kind) in self.kinds.iter_mut().zip(kinds) {
                if let Some(out) = out.get_mut(r) {
                    *out = kind;
                }
            }
            if let Some(out) = self.rated.get_mut(r).filter(|_| !DENSE) {
                *out = rated;
            }
        }
        Ok(())
    }
}

/// Where the kernel writes one block of rows' sums: a batch's own rows, or a frame part's scratch
/// rows (for each category, the block's rows of that category).
struct Sums<'b> {
    categories: Vec<&'b mut [i64]>,
    process: &'b mut [i64],
    results: &'b mut [i64],
    totals: &'b mut [i64],
    bands: &'b mut [u8],
    rated: &'b mut [u32],
}

impl<'b> Sums<'b> {
    /// Rows `range` of each column, the categories' columns given one by one.
    fn rows(
        categories: impl Iterator<Item = &'b mut [i64]>,
        [process, results, totals]: [&'b mut [i64]; 3],
        bands: &'b mut [u8],
        rated: &'b mut [u32],
        range: std::ops::Range<usize>,
    ) -> Sums<'b> {
        Sums {
            categories: categories.map(|c| &mut c[range.clone()]).collect(),
            process: &mut process[range.clone()],
            results: &mut results[range.clone()],
            totals: &mut totals[range.clone()],
            bands: &mut bands[range.clone()],
            rated: &mut rated[range],
        }
    }
}

/// One part of a batch's result, handed to the kernel block by block.
trait Sink: Send {
    /// Rows in the part.
    fn rows(&self) -> usize;
    /// Where the sums of the part's rows `range` go.
    fn block(&mut self, range: std::ops::Range<usize>) -> Sums<'_>;
    /// The sums of rows `range` are final.
    fn done(&mut self, range: std::ops::Range<usize>);
}

/// One part's rows of a `Batch`'s vectors: the kernel writes straight into them.
struct Part<'o> {
    totals: &'o mut [i64],
    process: &'o mut [i64],
    results: &'o mut [i64],
    categories: Vec<&'o mut [i64]>,
    bands: &'o mut [u8],
    rated: &'o mut [u32],
}

impl Sink for Part<'_> {
    fn rows(&self) -> usize {
        self.totals.len()
    }

    fn block(&mut self, range: std::ops::Range<usize>) -> Sums<'_> {
        let categories = self.categories.iter_mut().map(|c| &mut **c);
        Sums::rows(categories, [self.process, self.results, self.totals], self.bands, self.rated, range)
    }

    fn done(&mut self, _: std::ops::Range<usize>) {}
}

/// One part's rows of a `Frame`'s columns: each block's sums go to scratch rows of one block,
/// which stay in cache, and are converted into the columns when final.
struct FramePart<'o> {
    scratch: Batch,
    total: &'o mut [f64],
    total_hundredths: &'o mut [i64],
    process: &'o mut [f64],
    results: &'o mut [f64],
    categories: Vec<&'o mut [f64]>,
    band: &'o mut [i64],
    rated: &'o mut [i64],
}

impl Sink for FramePart<'_> {
    fn rows(&self) -> usize {
        self.total.len()
    }

    fn block(&mut self, range: std::ops::Range<usize>) -> Sums<'_> {
        // The scratch rows hold one block: this block's rows are its first ones.
        let Batch { totals, process, results, categories, bands, rated } = &mut self.scratch;
        Sums::rows(categories.chunks_mut(BLOCK), [process, results, totals], bands, rated, 0..range.len())
    }

    fn done(&mut self, range: std::ops::Range<usize>) {
        let len = range.len();
        let points = |out: &mut [f64], sums: &[i64]| {
            out.iter_mut().zip(sums).for_each(|(o, h)| *o = Points(*h).as_f64());
        };
        let s = &self.scratch;
        points(&mut self.total[range.clone()], &s.totals[..len]);
        self.total_hundredths[range.clone()].copy_from_slice(&s.totals[..len]);
        points(&mut self.process[range.clone()], &s.process[..len]);
        points(&mut self.results[range.clone()], &s.results[..len]);
        for (out, sums) in self.categories.iter_mut().zip(s.categories.chunks(BLOCK)) {
            points(&mut out[range.clone()], &sums[..len]);
        }
        self.band[range.clone()].iter_mut().zip(&s.bands).for_each(|(o, b)| *o = i64::from(*b));
        self.rated[range].iter_mut().zip(&s.rated).for_each(|(o, r)| *o = i64::from(*r));
    }
}

/// A kind of batch result: given the shape of `rows` results, it splits into parts of `size`
/// rows, one per thread.
trait Output {
    type Part<'o>: Sink
    where
        Self: 'o;
    fn parts(&mut self, categories: usize, rows: usize, size: usize) -> Vec<Self::Part<'_>>;
    fn clear(&mut self);
}

/// Gives `v` the length `len`; a vector already of that length is kept as it is (every value is
/// written), else it is freshly zeroed memory from the allocator, with no pass to fill it.
fn shape<T: Clone + Default>(v: &mut Vec<T>, len: usize) {
    if v.len() != len {
        *v = vec![T::default(); len];
    }
}

impl Output for Batch {
    type Part<'o> = Part<'o>;

    fn parts(&mut self, ncat: usize, rows: usize, size: usize) -> Vec<Part<'_>> {
        shape(&mut self.totals, rows);
        shape(&mut self.process, rows);
        shape(&mut self.results, rows);
        shape(&mut self.categories, rows * ncat);
        shape(&mut self.bands, rows);
        shape(&mut self.rated, rows);
        let Batch { totals, process, results, categories, bands, rated } = self;
        let mut columns: Vec<_> = categories.chunks_mut(rows.max(1)).map(|c| c.chunks_mut(size)).collect();
        totals
            .chunks_mut(size)
            .zip(process.chunks_mut(size))
            .zip(results.chunks_mut(size))
            .zip(bands.chunks_mut(size).zip(rated.chunks_mut(size)))
            .map(|(((totals, process), results), (bands, rated))| Part {
                totals,
                process,
                results,
                categories: columns.iter_mut().map(|c| c.next().unwrap_or_default()).collect(),
                bands,
                rated,
            })
            .collect()
    }

    fn clear(&mut self) {
        Batch::clear(self);
    }
}

impl Output for Frame {
    type Part<'o> = FramePart<'o>;

    fn parts(&mut self, ncat: usize, rows: usize, size: usize) -> Vec<FramePart<'_>> {
        shape(&mut self.total, rows);
        shape(&mut self.total_hundredths, rows);
        shape(&mut self.process, rows);
        shape(&mut self.results, rows);
        self.categories.resize_with(ncat, Vec::new);
        self.categories.iter_mut().for_each(|c| shape(c, rows));
        shape(&mut self.band, rows);
        shape(&mut self.rated, rows);
        let Frame { total, total_hundredths, process, results, categories, band, rated } = self;
        let categories = categories.iter_mut().map(Vec::as_mut_slice).collect();
        FrameSlices { total, total_hundredths, process, results, categories, band, rated }.split(ncat, size)
    }

    fn clear(&mut self) {
        Frame::clear(self);
    }
}

impl<'a> FrameSlices<'a> {
    /// Splits the columns into parts of `size` rows, each with its own scratch block.
    fn split(self, ncat: usize, size: usize) -> Vec<FramePart<'a>> {
        let FrameSlices { total, total_hundredths, process, results, categories, band, rated } = self;
        let mut columns: Vec<_> = categories.into_iter().map(|c| c.chunks_mut(size)).collect();
        // One block's rows, each category's rows BLOCK apart.
        let scratch = || Batch {
            totals: vec![0; BLOCK],
            process: vec![0; BLOCK],
            results: vec![0; BLOCK],
            categories: vec![0; BLOCK * ncat],
            bands: vec![0; BLOCK],
            rated: vec![0; BLOCK],
        };
        total
            .chunks_mut(size)
            .zip(total_hundredths.chunks_mut(size))
            .zip(process.chunks_mut(size).zip(results.chunks_mut(size)))
            .zip(band.chunks_mut(size).zip(rated.chunks_mut(size)))
            .map(|(((total, total_hundredths), (process, results)), (band, rated))| FramePart {
                scratch: scratch(),
                total,
                total_hundredths,
                process,
                results,
                categories: columns.iter_mut().map(|c| c.next().unwrap_or_default()).collect(),
                band,
                rated,
            })
            .collect()
    }
}

impl Output for FrameSlices<'_> {
    type Part<'o>
        = FramePart<'o>
    where
        Self: 'o;

    fn parts(&mut self, ncat: usize, _rows: usize, size: usize) -> Vec<FramePart<'_>> {
        // The shape was checked by `frame_columns_into_slices`.
        let categories = self.categories.iter_mut().map(|c| &mut **c).collect();
        FrameSlices {
            total: self.total,
            total_hundredths: self.total_hundredths,
            process: self.process,
            results: self.results,
            categories,
            band: self.band,
            rated: self.rated,
        }
        .split(ncat, size)
    }

    /// The caller's memory stays the caller's: nothing to free.
    fn clear(&mut self) {}
}

/// The fewest rows a part of a batch has (below this a thread costs more than it saves).
pub const PART_ROWS: usize = 32_768;

/// Gives `out` the shape of `rows` results, splits it into parts, one per thread up to `threads`,
/// each of at least `PART_ROWS` rows, and runs `score(first, part)` on each, the parts side by
/// side on scoped threads (the last one on the calling thread). The error is that of the first
/// part that fails, so the first bad cell in row order; on an error `out` is left empty.
fn in_parts(
    framework: &Framework,
    rows: usize,
    threads: usize,
    out: &mut impl Output,
    score: impl Fn(usize, &mut dyn Sink) -> Result<(), crate::Error> + Sync,
) -> Result<(), crate::Error> {
    let count = threads.min(rows / PART_ROWS).max(1);
    let size = rows.div_ceil(count).max(1);
    let parts = out.parts(framework.categories.len(), rows, size);
    let scored = if parts.len() <= 1 {
        parts.into_iter().try_for_each(|mut part| score(0, &mut part))
    } else {
        std::thread::scope(|scope| {
            let score = &score;
            let mut parts: Vec<_> = parts.into_iter().enumerate().collect();
            // The last part is scored on the calling thread, the others on threads of their own.
            let Some((last, mut part)) = parts.pop() else { return Ok(()) };
            let handles: Vec<_> =
                parts.into_iter().map(|(k, mut part)| scope.spawn(move || score(k * size, &mut part))).collect();
            let own = score(last * size, &mut part);
            // Every thread is joined; the first part's error wins.
            let joined: Vec<Result<(), crate::Error>> = handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(crate::Error::Options { rule: "internal error: a scoring thread failed".into() })
                    })
                })
                .chain([own])
                .collect();
            joined.into_iter().collect()
        })
    };
    if scored.is_err() {
        out.clear();
    }
    scored
}

/// The batch loop shared by every input form, over one part of a batch: the rows `first..` that
/// `out` holds. Blocks of rows, each filled by `fill(block, start, len)` (rows counted from the
/// batch's first; item by item for columns, so a column is read in contiguous runs; row by row for
/// row-major input), its working set in cache; totals and bands per row at the end of each block.
/// `cell(row, i)` gives one cell (None: not rated) to name the first bad one.
fn kernel(
    framework: &Framework,
    first: usize,
    completeness: crate::Completeness,
    mut fill: impl FnMut(&mut Block<'_>, usize, usize) -> Result<(), ()>,
    cell: impl Fn(usize, usize) -> Option<f64>,
    out: &mut dyn Sink,
) -> Result<(), crate::Error> {
    let rows = out.rows();
    let partial = completeness == crate::Completeness::Partial;
    let slots = framework.slots();
    let cells = framework.grid_cells();
    // Where every category is of one kind, the kind sums are made from the category sums: per
    // category (never empty), whether its last item, and so all of them, is a results item.
    let dense = !partial && framework.one_kind_per_category();
    let category_results: Vec<bool> = slots.iter().filter(|s| s.last).map(|s| s.kind == Kind::Results).collect();
    let rated_all = u32::try_from(slots.len()).unwrap_or(u32::MAX);
    let lower: Vec<(i64, u8)> = framework
        .overall_bands
        .as_ref()
        .map(|o| o.bands.iter().map(|b| (Points::whole(b.min).hundredths(), b.band)).collect())
        .unwrap_or_default();
    for start in (0..rows).step_by(BLOCK) {
        let len = BLOCK.min(rows - start);
        let range = start..start + len;
        let Sums { categories, process, results, totals, bands, rated } = out.block(range.clone());
        let mut block = Block {
            partial,
            dense,
            slots,
            cells,
            results: &category_results,
            categories,
            kinds: [process, results],
            rated,
            by_rows: false,
            len,
        };
        if !dense {
            // Column by column, a partial block adds to the kind sums and counts.
            block.kinds.iter_mut().for_each(|k| k.fill(0));
            block.rated.fill(0);
        }
        // A dense block adds `OFF_GRID` for a bad cell instead of stopping: its sums hold one then.
        let failed = fill(&mut block, first + start, len).is_err()
            || (dense && block.categories.iter().any(|c| c.iter().fold(0, |seen, &sum| seen | sum) >= OFF_GRID));
        if failed {
            return Err(first_error(framework, first + start..first + rows, &cell, completeness));
        }
        let Block { categories: sums, kinds: [process, results], rated, by_rows, .. } = block;
        if dense {
            if !by_rows {
                process.fill(0);
                results.fill(0);
                for (column, kind) in sums.iter().zip(&category_results) {
                    let kind = if *kind { &mut *results } else { &mut *process };
                    kind.iter_mut().zip(column.iter()).for_each(|(k, v)| *k += v);
                }
            }
            rated.fill(rated_all);
        }
        // Whole slices at a time (the sums vectorise).
        totals.iter_mut().zip(process.iter().zip(results.iter())).for_each(|(t, (p, r))| *t = p + r);
        // Bands in ascending order of their lower bound: the band is the last one reached, found
        // by counting (no branch per band).
        bands.iter_mut().zip(totals.iter()).for_each(|(band, total)| {
            let reached = lower.iter().filter(|(min, _)| min <= total).count();
            *band = reached.checked_sub(1).and_then(|i| lower.get(i)).map_or(0, |(_, b)| *b);
        });
        out.done(range);
    }
    Ok(())
}

/// The first bad cell in row order, as the error `Checked::new` would give, with its row.
fn first_error(
    framework: &Framework,
    rows: std::ops::Range<usize>,
    cell: &impl Fn(usize, usize) -> Option<f64>,
    completeness: crate::Completeness,
) -> crate::Error {
    use crate::Error;
    let n = framework.item_count();
    let count = rows.len();
    for row in rows {
        for i in 0..n {
            let item = framework.item_id(i).unwrap_or_default().to_string();
            let error = match cell(row, i) {
                None => {
                    if completeness == crate::Completeness::Partial {
                        continue;
                    }
                    Error::MissingItems { missing: vec![item], total: n }
                }
                Some(value) if value.is_nan() => {
                    if completeness == crate::Completeness::Partial {
                        continue;
                    }
                    Error::MissingItems { missing: vec![item], total: n }
                }
                Some(value) if value.fract() != 0.0 || value.abs() > 1e9 => Error::Syntax {
                    format: crate::Format::Json,
                    path: format!("items.{item}"),
                    item: Some(item),
                    message: format!("{value} is not a whole-number percent"),
                    line: None,
                    column: None,
                },
                Some(value) => match crate::check::on_grid(framework, &item, "percent", value as i64) {
                    Ok(_) => continue,
                    Err(e) => e,
                },
            };
            return Error::Batch { row, source: Box::new(error) };
        }
    }
    Error::BatchShape { values: count * n, rows: count, columns: n }
}

impl<'f> Scorecard<'f> {
    pub fn max(&self) -> Points {
        self.framework.max()
    }

    /// The overall band, when the framework defines overall bands.
    pub fn band(&self) -> Option<&'f OverallBand> {
        self.framework.overall_band(self.total)
    }

    pub fn is_complete(&self) -> bool {
        self.items.iter().all(|i| i.percent.is_some())
    }

    /// Ids of the items not rated, in framework order.
    pub fn missing(&self) -> Vec<&'f str> {
        let framework: &'f Framework = self.framework;
        framework.items().zip(&self.items).filter(|(_, s)| s.percent.is_none()).map(|(i, _)| i.id.as_str()).collect()
    }

    /// A self-describing, serialisable view (ids, names, maxima, bands) for JSON and the bindings.
    pub fn view(&self) -> ScorecardView {
        let fw = self.framework;
        let mut items = Vec::with_capacity(self.items.len());
        let mut categories = Vec::with_capacity(fw.categories.len());
        let mut next = self.items.iter();
        for (category, score) in fw.categories.iter().zip(&self.categories) {
            let max = Points::whole(category.points);
            categories.push(CategoryView {
                id: category.id.clone(),
                name: category.name.clone(),
                score: *score,
                score_hundredths: score.hundredths(),
                max,
                percent: score.percent_of(max) as f64 / 100.0,
                percent_text: crate::present::Percent::of(*score, max).to_string(),
            });
            for (item, s) in category.items.iter().zip(next.by_ref()) {
                items.push(ItemView {
                    id: item.id.clone(),
                    category: category.id.clone(),
                    name: item.name.clone(),
                    kind: item.kind,
                    percent: s.percent,
                    score: s.score,
                    score_hundredths: s.score.hundredths(),
                    max: Points::whole(item.points),
                    band: s.percent.map(|p| fw.bands[fw.band_of(p)].label()),
                });
            }
        }
        let missing: Vec<String> = self.missing().into_iter().map(String::from).collect();
        ScorecardView {
            framework: fw.id.clone(),
            framework_version: fw.version.clone(),
            total: self.total,
            total_hundredths: self.total.hundredths(),
            max: self.max(),
            band: self.band().map(|b| b.band),
            band_range: self.band().map(|b| format!("{}-{}", b.min, b.max)),
            process: Subtotal::new(self.process, fw.kind_max(Kind::Process)),
            results: Subtotal::new(self.results, fw.kind_max(Kind::Results)),
            complete: missing.is_empty(),
            rated: self.items.len() - missing.len(),
            item_count: self.items.len(),
            missing,
            categories,
            items,
        }
    }
}

/// A score as every surface hands it back (CLI `--format json`, Python `score()`, the browser's
/// `score()`): the organisation's facts (`{}` when none), the scorecard view and the warnings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoreResult {
    pub organisation: Organisation,
    #[serde(flatten)]
    pub card: ScorecardView,
    pub warnings: Vec<Warning>,
}

impl ScoreResult {
    pub fn new(checked: &Checked<'_>, card: &Scorecard<'_>) -> ScoreResult {
        ScoreResult {
            organisation: checked.assessment.organisation.clone(),
            card: card.view(),
            warnings: checked.warnings.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScorecardView {
    pub framework: String,
    pub framework_version: String,
    pub total: Points,
    pub total_hundredths: i64,
    pub max: Points,
    pub band: Option<u8>,
    pub band_range: Option<String>,
    pub process: Subtotal,
    pub results: Subtotal,
    pub complete: bool,
    pub rated: usize,
    pub item_count: usize,
    pub missing: Vec<String>,
    pub categories: Vec<CategoryView>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Subtotal {
    pub score: Points,
    pub score_hundredths: i64,
    pub max: Points,
}

impl Subtotal {
    fn new(score: Points, max: Points) -> Subtotal {
        Subtotal { score, score_hundredths: score.hundredths(), max }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryView {
    pub id: String,
    pub name: Text,
    pub score: Points,
    pub score_hundredths: i64,
    pub max: Points,
    /// Score as a percent of the category's points, two decimals.
    pub percent: f64,
    /// The percent as every surface prints it: one decimal, rounded once, half up (`39.5%`).
    pub percent_text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemView {
    pub id: String,
    pub category: String,
    pub name: Text,
    pub kind: Kind,
    pub percent: Option<u8>,
    pub score: Points,
    pub score_hundredths: i64,
    pub max: Points,
    pub band: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    /// Typed columns: every integer width and floats score as the f64 path; a null bit or an
    /// absent column is "not rated" in a partial score and `missing-items` in a full one; the
    /// first bad cell in row order is named with its row; a column of another length is refused.
    #[test]
    fn typed_columns_score_as_the_float_path_and_name_the_first_bad_cell() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let n = fw.item_count();
        let rows = 5;
        let ints: Vec<Vec<i64>> =
            (0..n).map(|i| (0..rows).map(|r| ((i * 7 + r * 3) % 21 * 5) as i64).collect()).collect();
        let u8s: Vec<Vec<u8>> = ints.iter().map(|c| c.iter().map(|v| *v as u8).collect()).collect();
        let f32s: Vec<Vec<f32>> = ints.iter().map(|c| c.iter().map(|v| *v as f32).collect()).collect();
        let mut flat = vec![0.0; rows * n];
        for (i, c) in ints.iter().enumerate() {
            for (r, v) in c.iter().enumerate() {
                flat[r * n + i] = *v as f64;
            }
        }
        let expected = batch(fw, &flat, rows, crate::Completeness::Full).unwrap();
        let full = crate::Completeness::Full;
        fn view(cells: Vec<Cells<'_>>) -> Vec<Column<'_>> {
            cells.into_iter().map(|cells| Column { cells, valid: None }).collect()
        }
        assert_eq!(
            batch_columns(fw, &view(ints.iter().map(|c| Cells::I64(c)).collect()), rows, full).unwrap(),
            expected
        );
        assert_eq!(batch_columns(fw, &view(u8s.iter().map(|c| Cells::U8(c)).collect()), rows, full).unwrap(), expected);
        assert_eq!(
            batch_columns(fw, &view(f32s.iter().map(|c| Cells::F32(c)).collect()), rows, full).unwrap(),
            expected
        );
        // A null in row 2 of item 3 (bit 2 cleared), and item 5 absent.
        let bits = [0b1111_1011u8];
        let mut cols = view(ints.iter().map(|c| Cells::I64(c)).collect());
        cols[3].valid = Some((&bits, 0));
        cols[5] = Column { cells: Cells::Absent, valid: None };
        let partial = batch_columns(fw, &cols, rows, crate::Completeness::Partial).unwrap();
        assert_eq!(partial.rated, vec![22, 22, 21, 22, 22]);
        let e = batch_columns(fw, &cols, rows, full).unwrap_err();
        assert_eq!((e.code(), e.to_string().starts_with("row 0:")), ("missing-items", true), "{e}");
        // The first bad cell in row order: row 1 of the last item before row 4 of the first.
        let mut bad = ints.clone();
        bad[0][4] = 37;
        bad[n - 1][1] = 105;
        let e = batch_columns(fw, &view(bad.iter().map(|c| Cells::I64(c)).collect()), rows, full).unwrap_err();
        assert_eq!((e.code(), e.item()), ("percent-out-of-range", fw.item_id(n - 1)));
        assert!(e.to_string().starts_with("row 1:"), "{e}");
        let negative: Vec<Vec<i8>> = ints.iter().map(|c| c.iter().map(|_| -5i8).collect()).collect();
        let e = batch_columns(fw, &view(negative.iter().map(|c| Cells::I8(c)).collect()), rows, full).unwrap_err();
        assert_eq!(e.code(), "percent-out-of-range");
        let short = &ints[0][..2];
        let mut cols = view(ints.iter().map(|c| Cells::I64(c)).collect());
        cols[0] = Column { cells: Cells::I64(short), valid: None };
        assert_eq!(batch_columns(fw, &cols, rows, full).unwrap_err().code(), "batch-shape");
        // Parts of a column are views of it.
        let part = Column { cells: Cells::I64(&ints[0]), valid: Some((&bits, 0)) }.rows(2, 2);
        assert_eq!((part.value(0), part.value(1)), (None, Some(ints[0][3] as f64)));
    }

    /// A float cell passes exactly when it is a whole percent in 0..=100 on the grid, as the
    /// plain definition says, for every whole and half percent and for the values a float column
    /// can hold that the mantissa trick must not mistake for one.
    #[test]
    fn float_cells_accept_exactly_the_whole_percents_on_the_grid() {
        let catalog = Catalog::builtin().unwrap();
        let cells = catalog.get("gbt19580-2012").unwrap().grid_cells();
        let mut values: Vec<f64> = (-400..=800).map(|h| f64::from(h) / 2.0).collect();
        let powers = [2f64.powi(51), 2f64.powi(52), 2f64.powi(53), 2f64.powi(63), 2f64.powi(64), 1e300, f64::MAX];
        for p in powers {
            values.extend([p, -p, p + 5.0, p - 95.0, ROUNDER + 5.0 - p]);
        }
        let tiny = [-0.0, f64::MIN_POSITIVE, -f64::MIN_POSITIVE, 5e-324, 100.00000000000001, 99.99999999999999];
        values.extend(tiny);
        values.extend([ROUNDER, ROUNDER + 5.0, -ROUNDER, f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        for x in values {
            let plain = x.fract() == 0.0 && (0.0..=100.0).contains(&x) && x % 5.0 == 0.0;
            assert_eq!(accepts(cells, x).is_some(), plain, "{x:e}");
            if plain {
                assert_eq!(accepts(cells, x).map(|p| p as f64), Some(x));
                assert_eq!(x.whole(), (x as i64, true));
            }
            assert_eq!(accepts(cells, x as f32).is_some(), {
                let y = f64::from(x as f32);
                y.fract() == 0.0 && (0.0..=100.0).contains(&y) && y % 5.0 == 0.0
            });
        }
    }

    /// A card reused for another assessment (of another framework, with fewer categories) is
    /// exactly the card scored afresh.
    #[test]
    fn score_into_a_reused_card_equals_a_fresh_score() {
        let catalog = Catalog::builtin().unwrap();
        let gbt = catalog.get("gbt19580-2012").unwrap();
        let efqm = catalog.get("efqm-2025").unwrap();
        let a: Vec<Option<u8>> =
            (0..gbt.item_count()).map(|i| if i % 4 == 0 { None } else { Some(((i * 15) % 105) as u8) }).collect();
        let b: Vec<Option<u8>> = (0..efqm.item_count()).map(|i| Some(((i * 10) % 110) as u8)).collect();
        let mut card = score(gbt, &a);
        score_into(efqm, &b, &mut card);
        let fresh = score(efqm, &b);
        assert_eq!(
            (card.items.clone(), card.categories.clone(), card.total),
            (fresh.items, fresh.categories, fresh.total)
        );
        score_into(gbt, &a, &mut card);
        assert_eq!(card.total, score(gbt, &a).total);
        // Fewer percents than items: the rest are not rated, whatever the card held before.
        let mut padded = a[..5].to_vec();
        padded.resize(gbt.item_count(), None);
        score_into(gbt, &a[..5], &mut card);
        let fresh = score(gbt, &padded);
        assert_eq!((card.items, card.categories, card.total), (fresh.items, fresh.categories, fresh.total));
    }

    /// Every built-in framework: each category is the sum of its own items and each kind the sum of
    /// its items, as a reader would add them up from the framework's own lists.
    #[test]
    fn score_into_sums_each_category_and_kind_of_its_own_items() {
        let catalog = Catalog::builtin().unwrap();
        for fw in catalog.frameworks() {
            let mut card = score(fw, &[]);
            for seed in 0..5usize {
                let percents: Vec<Option<u8>> = (0..fw.item_count())
                    .map(|i| if (i + seed) % 7 == 0 { None } else { Some(((i * 7 + seed * 13) % 21 * 5) as u8) })
                    .collect();
                score_into(fw, &percents, &mut card);
                let mut position = 0;
                let (mut process, mut results) = (0i64, 0i64);
                for (c, category) in fw.categories.iter().enumerate() {
                    let mut sum = 0i64;
                    for item in &category.items {
                        let p = i64::from(percents[position].unwrap_or(0));
                        let points = p * i64::from(item.points);
                        assert_eq!(card.items[position].score.0, points, "{} {}", fw.id, item.id);
                        sum += points;
                        *(if item.kind == Kind::Results { &mut results } else { &mut process }) += points;
                        position += 1;
                    }
                    assert_eq!(card.categories[c].0, sum, "{} category {}", fw.id, category.id);
                }
                assert_eq!((card.process.0, card.results.0, card.total.0), (process, results, process + results));
                assert_eq!(card.items.len(), fw.item_count());
            }
        }
    }

    #[test]
    fn overall_band_is_the_highest_lower_bound_reached() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let band = |h: i64| fw.overall_band(Points(h)).unwrap().band;
        assert_eq!(band(0), 1);
        assert_eq!(band(125_99), 1); // between 125 and 126: still band 1
        assert_eq!(band(126_00), 2);
        assert_eq!(band(445_75), 4);
        assert_eq!(band(446_00), 5);
        assert_eq!(band(1000_00), 8);
    }

    #[test]
    fn batch_equals_one_by_one_and_names_row_and_item() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let rows: Vec<Vec<f64>> =
            (0..5).map(|r| (0..23).map(|i| ((r * 7 + i * 3) % 21 * 5) as f64).collect()).collect();
        let flat: Vec<f64> = rows.concat();
        let b = batch(fw, &flat, 5, crate::Completeness::Full).unwrap();
        for (r, row) in rows.iter().enumerate() {
            let percents: Vec<Option<u8>> = row.iter().map(|v| Some(*v as u8)).collect();
            let card = score(fw, &percents);
            assert_eq!(b.totals[r], card.total.hundredths());
            assert_eq!(b.results[r], card.results.hundredths());
            assert_eq!((b.process[r], b.rated[r]), (card.process.hundredths(), 23));
            let categories: Vec<i64> = (0..7).map(|c| b.categories[c * 5 + r]).collect();
            assert_eq!(categories, card.categories.iter().map(|c| c.hundredths()).collect::<Vec<_>>());
            assert_eq!(b.bands[r], card.band().unwrap().band);
        }
        let mut bad = flat.clone();
        let columns: Vec<f64> = (0..23).flat_map(|i| rows.iter().map(move |r| r[i])).collect();
        assert_eq!(batch_with_layout(fw, &columns, 5, Layout::ColumnMajor, crate::Completeness::Full).unwrap(), b);
        bad[2 * 23 + 1] = 37.0;
        let e = batch(fw, &bad, 5, crate::Completeness::Full).unwrap_err();
        assert_eq!((e.code(), e.item()), ("percent-off-grid", Some("4.1.3")));
        assert!(e.to_string().starts_with("row 2: item 4.1.3"), "{e}");
        bad[2 * 23 + 1] = 37.5;
        assert_eq!(batch(fw, &bad, 5, crate::Completeness::Full).unwrap_err().code(), "syntax");
        bad[2 * 23 + 1] = f64::NAN;
        assert_eq!(batch(fw, &bad, 5, crate::Completeness::Full).unwrap_err().code(), "missing-items");
        let partial = batch(fw, &bad, 5, crate::Completeness::Partial).unwrap();
        assert_eq!(partial.rated[2], 22);
        assert_eq!(batch(fw, &flat, 4, crate::Completeness::Full).unwrap_err().code(), "batch-shape");
    }

    /// Row-major input over several blocks (the last one short and odd): the same batch as
    /// column-major input and as scoring each row, and a bad cell in a later block is named by its
    /// row.
    #[test]
    fn row_major_batches_over_blocks_equal_column_major_and_each_row() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let rows = 2 * BLOCK + 357;
        let cell = |r: usize, i: usize| ((r * 31 + i * 17 + r / 7) % 21 * 5) as f64;
        let flat: Vec<f64> = (0..rows).flat_map(|r| (0..23).map(move |i| cell(r, i))).collect();
        let columns: Vec<f64> = (0..23).flat_map(|i| (0..rows).map(move |r| cell(r, i))).collect();
        let b = batch(fw, &flat, rows, crate::Completeness::Full).unwrap();
        assert_eq!(batch_with_layout(fw, &columns, rows, Layout::ColumnMajor, crate::Completeness::Full).unwrap(), b);
        for r in [0, 1, BLOCK - 1, BLOCK, 2 * BLOCK + 1, rows - 1] {
            let percents: Vec<Option<u8>> = (0..23).map(|i| Some(cell(r, i) as u8)).collect();
            assert_eq!(b.totals[r], score(fw, &percents).total.hundredths(), "row {r}");
        }
        // Rows go two at a time in a full score; an odd block's last row alone. A bad cell in the
        // second row of a pair, and in that last row, is named by its row.
        for at in [2 * BLOCK + 5, rows - 1] {
            let mut bad = flat.clone();
            bad[at * 23 + 22] = 101.0;
            let e = batch(fw, &bad, rows, crate::Completeness::Full).unwrap_err();
            assert_eq!((e.code(), e.item()), ("percent-out-of-range", Some("4.7.7")));
            assert!(e.to_string().starts_with(&format!("row {at}: item 4.7.7")), "{e}");
        }
    }

    #[test]
    fn a_bad_cell_at_any_item_is_named_in_every_layout_and_a_kept_batch_starts_each_category_afresh() {
        use crate::Completeness::Full;
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let (n, rows, at) = (fw.item_count(), BLOCK + 3, BLOCK + 1);
        // The grid cells: each on-grid percent, `OFF_GRID` elsewhere and at 101.
        for (p, percent) in fw.grid_cells().iter().enumerate() {
            let on = p <= 100 && p % usize::from(fw.percent_step) == 0;
            assert_eq!(*percent, if on { p as i64 } else { OFF_GRID }, "{p}");
        }
        assert!(fw.max().hundredths() * 1_000 < OFF_GRID);
        let cell = |r: usize, i: usize| ((r * 13 + i * 7) % 21 * 5) as f64;
        let flat: Vec<f64> = (0..rows).flat_map(|r| (0..n).map(move |i| cell(r, i))).collect();
        let fresh = batch(fw, &flat, rows, Full).unwrap();
        assert!(fresh.categories.iter().fold(0, |seen, sum| seen | sum) < OFF_GRID);
        let bad_floats =
            [7.0, 101.0, -5.0, 37.5, 0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300, 5e-324];
        for i in 0..n {
            for value in bad_floats {
                let mut bad = flat.clone();
                bad[at * n + i] = value;
                let columns: Vec<f64> =
                    (0..n).flat_map(|i| (0..rows).map(|r| bad[r * n + i]).collect::<Vec<_>>()).collect();
                for (layout, values) in [(Layout::RowMajor, &bad), (Layout::ColumnMajor, &columns)] {
                    let e = batch_with_layout(fw, values, rows, layout, Full).unwrap_err();
                    let item = fw.item_id(i).unwrap();
                    if value.is_nan() {
                        // Not rated, which a full score refuses as a missing item.
                        assert_eq!(e.code(), "missing-items");
                        assert!(e.to_string().contains(item), "{e}");
                    } else {
                        assert_eq!(e.item(), Some(item), "{value} at item {i}, {layout:?}");
                    }
                    assert!(e.to_string().starts_with(&format!("row {at}: ")), "{e}");
                }
            }
            for value in [i64::MIN, -1, 3, 101, i64::MAX] {
                let mut ints: Vec<Vec<i64>> = (0..n).map(|i| (0..rows).map(|r| cell(r, i) as i64).collect()).collect();
                ints[i][at] = value;
                let views: Vec<Column<'_>> =
                    ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
                let e = batch_columns(fw, &views, rows, Full).unwrap_err();
                assert_eq!(e.item(), fw.item_id(i), "{value} at item {i}");
            }
        }
        // Negative zero is zero.
        let mut zero = flat.clone();
        zero[at * n] = -0.0;
        let mut expected = flat.clone();
        expected[at * n] = 0.0;
        assert_eq!(batch(fw, &zero, rows, Full).unwrap(), batch(fw, &expected, rows, Full).unwrap());
        // A kept batch holding other sums, refilled from columns with and without a validity
        // bitmap (all valid), so a category's first item comes through either loop.
        let ints: Vec<Vec<i64>> = (0..n).map(|i| (0..rows).map(|r| cell(r, i) as i64).collect()).collect();
        let all_valid = vec![0xffu8; rows.div_ceil(8)];
        for with_bitmap in [vec![0usize], vec![1, 2], (0..n).collect(), vec![]] {
            let mut kept = batch(fw, &flat.iter().map(|v| 100.0 - v).collect::<Vec<_>>(), rows, Full).unwrap();
            let views: Vec<Column<'_>> = ints
                .iter()
                .enumerate()
                .map(|(i, c)| Column {
                    cells: Cells::I64(c),
                    valid: with_bitmap.contains(&i).then_some((&all_valid[..], 0)),
                })
                .collect();
            batch_columns_into(fw, &views, rows, Full, 1, &mut kept).unwrap();
            assert_eq!(kept, fresh, "bitmaps on items {with_bitmap:?}");
        }
    }

    /// A batch scored in parts on several threads, into a kept `Batch` that held another
    /// batch's results, equals the batch scored on one thread afresh, for both layouts, typed
    /// columns, full and partial scores; the error is the first bad cell in row order whichever
    /// part holds it, and a failed call leaves the kept batch empty.
    #[test]
    fn batches_in_parts_into_a_kept_batch_equal_one_fresh_batch() {
        use crate::Completeness::{Full, Partial};
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let rows = 2 * PART_ROWS + 1234;
        let cell = |r: usize, i: usize| ((r * 31 + i * 17 + r / 7) % 21 * 5) as f64;
        let flat: Vec<f64> = (0..rows).flat_map(|r| (0..23).map(move |i| cell(r, i))).collect();
        let columns: Vec<f64> = (0..23).flat_map(|i| (0..rows).map(move |r| cell(r, i))).collect();
        let ints: Vec<Vec<i64>> = (0..23).map(|i| (0..rows).map(|r| cell(r, i) as i64).collect()).collect();
        let views: Vec<Column<'_>> = ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
        let fresh = batch(fw, &flat, rows, Full).unwrap();
        // A kept batch of another shape, then of this one with stale values.
        let mut kept = batch(fw, &flat[..23 * 10], 10, Full).unwrap();
        for threads in [1, 2, 3, 8] {
            for layout in [Layout::RowMajor, Layout::ColumnMajor] {
                let values = if layout == Layout::RowMajor { &flat } else { &columns };
                batch_with_layout_into(fw, values, rows, layout, Full, threads, &mut kept).unwrap();
                assert_eq!(kept, fresh, "{layout:?} on {threads} threads");
            }
            kept.totals.iter_mut().for_each(|t| *t = -1);
            batch_columns_into(fw, &views, rows, Full, threads, &mut kept).unwrap();
            assert_eq!(kept, fresh, "int64 columns on {threads} threads");
        }
        // Partial: NaN not rated, in every part.
        let mut holes = flat.clone();
        for r in [3, PART_ROWS + 5, rows - 1] {
            holes[r * 23 + 4] = f64::NAN;
        }
        let one = batch(fw, &holes, rows, Partial).unwrap();
        batch_with_layout_into(fw, &holes, rows, Layout::RowMajor, Partial, 3, &mut kept).unwrap();
        assert_eq!(kept, one);
        assert_eq!((kept.rated[PART_ROWS + 5], kept.rated[PART_ROWS + 6]), (22, 23));
        // Bad cells in the second and third parts: the second part's is named, on any threads.
        let mut bad = flat.clone();
        bad[(2 * PART_ROWS + 9) * 23] = 7.0;
        bad[(PART_ROWS + 17) * 23 + 22] = 101.0;
        for threads in [1, 2, 3] {
            let e = batch_with_layout_into(fw, &bad, rows, Layout::RowMajor, Full, threads, &mut kept).unwrap_err();
            assert_eq!((e.code(), e.item()), ("percent-out-of-range", Some("4.7.7")), "{threads} threads");
            assert!(e.to_string().starts_with(&format!("row {}: item 4.7.7", PART_ROWS + 17)), "{e}");
            assert_eq!(kept, Batch::default(), "a failed call leaves the batch empty");
            batch_with_layout_into(fw, &flat, rows, Layout::RowMajor, Full, threads, &mut kept).unwrap();
        }
        // A wrong shape empties it too, and zero rows give an empty batch.
        assert!(batch_with_layout_into(fw, &flat[1..], rows, Layout::RowMajor, Full, 2, &mut kept).is_err());
        assert_eq!(kept, Batch::default());
        batch_with_layout_into(fw, &[], 0, Layout::RowMajor, Full, 2, &mut kept).unwrap();
        assert_eq!(kept, Batch::default());
    }

    /// The frame a batch's results make: points as the nearest floats of the hundredths, whole
    /// numbers as int64, each category its own column.
    fn frame_of(fw: &Framework, b: &Batch) -> Frame {
        let rows = b.totals.len();
        let points = |v: &[i64]| v.iter().map(|h| Points(*h).as_f64()).collect::<Vec<f64>>();
        Frame {
            total: points(&b.totals),
            total_hundredths: b.totals.clone(),
            process: points(&b.process),
            results: points(&b.results),
            categories: (0..fw.categories.len()).map(|c| points(&b.categories[c * rows..(c + 1) * rows])).collect(),
            band: b.bands.iter().map(|x| i64::from(*x)).collect(),
            rated: b.rated.iter().map(|x| i64::from(*x)).collect(),
        }
    }

    #[test]
    fn a_frame_holds_the_batch_in_points_on_any_threads_and_fails_as_the_batch_does() {
        use crate::Completeness::{Full, Partial};
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        // Three parts on three threads, the last block of each part short.
        let rows = 3 * PART_ROWS + 777;
        let cell = |r: usize, i: usize| ((r * 13 + i * 7 + r / 3) % 21 * 5) as i64;
        let mut ints: Vec<Vec<i64>> = (0..23).map(|i| (0..rows).map(|r| cell(r, i)).collect()).collect();
        let floats: Vec<Vec<f64>> = ints.iter().map(|c| c.iter().map(|v| *v as f64).collect()).collect();
        // Nulls in one column: not rated in a partial score (bit r of the bitmap is row r).
        let mut bits = vec![0xffu8; rows.div_ceil(8)];
        for r in [0, PART_ROWS + 3, rows - 1] {
            bits[r / 8] &= !(1 << (r % 8));
        }
        let mut frame = Frame { total: vec![-1.0; 5], ..Frame::default() };
        for threads in [1, 2, 3] {
            let iv: Vec<Column<'_>> = ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
            let fv: Vec<Column<'_>> = floats.iter().map(|c| Column { cells: Cells::F64(c), valid: None }).collect();
            let expected = frame_of(fw, &batch_columns(fw, &iv, rows, Full).unwrap());
            assert_eq!(expected.categories.len(), 7);
            for columns in [&iv, &fv] {
                frame_columns_into(fw, columns, rows, Full, threads, &mut frame).unwrap();
                assert!(frame == expected, "full, {threads} threads");
            }
            let mut masked = iv.clone();
            masked[4].valid = Some((&bits, 0));
            let expected = frame_of(fw, &batch_columns(fw, &masked, rows, Partial).unwrap());
            frame_columns_into(fw, &masked, rows, Partial, threads, &mut frame).unwrap();
            assert!(frame == expected, "partial, {threads} threads");
            assert_eq!((frame.rated[PART_ROWS + 3], frame.rated[PART_ROWS + 4]), (22, 23));
        }
        // Each point is the nearest float of its exact hundredths.
        assert!(frame.total.iter().zip(&frame.total_hundredths).all(|(p, h)| *p == *h as f64 / 100.0));
        // A bad cell in the third part is named with its row, and the frame is left empty.
        ints[22][2 * PART_ROWS + 9] = 7;
        let iv: Vec<Column<'_>> = ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
        for threads in [1, 3] {
            let e = frame_columns_into(fw, &iv, rows, Full, threads, &mut frame).unwrap_err();
            assert_eq!(e.code(), batch_columns(fw, &iv, rows, Full).unwrap_err().code());
            assert!(e.to_string().starts_with(&format!("row {}: item 4.7.7", 2 * PART_ROWS + 9)), "{e}");
            assert_eq!(frame, Frame::default());
        }
        // A wrong shape empties it too; zero rows give empty columns, one per category.
        assert!(frame_columns_into(fw, &iv[1..], rows, Full, 2, &mut frame).is_err());
        assert_eq!(frame, Frame::default());
        let empty: Vec<Column<'_>> = (0..23).map(|_| Column { cells: Cells::I64(&[]), valid: None }).collect();
        frame_columns_into(fw, &empty, 0, Full, 2, &mut frame).unwrap();
        assert_eq!((frame.total.len(), frame.categories.len(), frame.categories[0].len()), (0, 7, 0));
    }

    /// Caller-owned columns filled with garbage, as `numpy.empty` gives them: every value is
    /// written, in parts on any number of threads, equal to the frame's; a column of the wrong
    /// length, or a category too few or too many, is refused by name before any work.
    #[test]
    fn caller_owned_slices_get_every_value_the_frame_gets() {
        use crate::Completeness::{Full, Partial};
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let rows = 2 * PART_ROWS + 1031;
        let ints: Vec<Vec<i64>> =
            (0..23).map(|i| (0..rows).map(|r| ((r * 7 + i * 11) % 21 * 5) as i64).collect()).collect();
        let mut columns: Vec<Column<'_>> = ints.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
        let bits: Vec<u8> = (0..rows.div_ceil(8)).map(|k| if k % 5 == 0 { 0xf0 } else { 0xff }).collect();
        let ncat = fw.categories.len();
        let mut floats = vec![f64::NAN; (3 + ncat) * rows];
        let mut wholes = vec![-7i64; 3 * rows];
        fn slices<'a>(floats: &'a mut [f64], wholes: &'a mut [i64], rows: usize) -> FrameSlices<'a> {
            let mut f = floats.chunks_mut(rows);
            let mut w = wholes.chunks_mut(rows);
            let (total, process, results) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            let (total_hundredths, band, rated) = (w.next().unwrap(), w.next().unwrap(), w.next().unwrap());
            FrameSlices { total, total_hundredths, process, results, categories: f.collect(), band, rated }
        }
        for (completeness, valid) in [(Full, None), (Partial, Some((&bits[..], 3)))] {
            columns[9].valid = valid;
            for threads in [1, 2, 3] {
                let mut expected = Frame::default();
                frame_columns_into(fw, &columns, rows, completeness, 1, &mut expected).unwrap();
                floats.fill(f64::NAN);
                wholes.fill(-7);
                let out = slices(&mut floats, &mut wholes, rows);
                frame_columns_into_slices(fw, &columns, rows, completeness, threads, out).unwrap();
                let got = slices(&mut floats, &mut wholes, rows);
                assert_eq!(*got.total, *expected.total, "{completeness:?}, {threads} threads");
                assert_eq!(*got.total_hundredths, *expected.total_hundredths);
                assert_eq!((&*got.process, &*got.results), (&expected.process[..], &expected.results[..]));
                assert!(got.categories.iter().zip(&expected.categories).all(|(g, e)| **g == **e));
                assert_eq!((&*got.band, &*got.rated), (&expected.band[..], &expected.rated[..]));
            }
        }
        // Shapes: each misfit is named.
        let mut short = slices(&mut floats, &mut wholes, rows);
        short.band = &mut [];
        let e = frame_columns_into_slices(fw, &columns, rows, Partial, 2, short).unwrap_err();
        assert_eq!((e.code(), e.to_string().contains("result column band holds 0, not")), ("options", true), "{e}");
        let mut fewer = slices(&mut floats, &mut wholes, rows);
        fewer.categories.pop();
        let e = frame_columns_into_slices(fw, &columns, rows, Partial, 2, fewer).unwrap_err();
        assert!(e.to_string().contains(&format!("categories holds {}, not {ncat}", ncat - 1)), "{e}");
        // A bad cell is the frame's error, named with its row.
        let mut bad = ints.clone();
        bad[0][PART_ROWS + 5] = 101;
        let columns: Vec<Column<'_>> = bad.iter().map(|c| Column { cells: Cells::I64(c), valid: None }).collect();
        let e =
            frame_columns_into_slices(fw, &columns, rows, Full, 2, slices(&mut floats, &mut wholes, rows)).unwrap_err();
        assert!(e.to_string().starts_with(&format!("row {}: item 4.1.2", PART_ROWS + 5)), "{e}");
        // Zero rows: empty slices, nothing to do.
        let (mut f0, mut w0) = (vec![0.0; 0], vec![0i64; 0]);
        let none: Vec<Column<'_>> = (0..23).map(|_| Column { cells: Cells::I64(&[]), valid: None }).collect();
        let empty = FrameSlices {
            total: &mut [],
            total_hundredths: &mut [],
            process: &mut f0[..],
            results: &mut [],
            categories: (0..ncat).map(|_| -> &mut [f64] { &mut [] }).collect(),
            band: &mut w0[..],
            rated: &mut [],
        };
        frame_columns_into_slices(fw, &none, 0, Full, 2, empty).unwrap();
    }

    #[test]
    fn partial_scores_count_unrated_items_as_zero_and_list_them() {
        let catalog = Catalog::builtin().unwrap();
        let fw = catalog.get("gbt19580-2012").unwrap();
        let mut percents = vec![Some(100u8); fw.item_count()];
        percents[0] = None;
        let card = score(fw, &percents);
        assert_eq!(card.total, Points::whole(950));
        assert_eq!(card.missing(), ["4.1.2"]);
        assert!(!card.is_complete());
        let view = card.view();
        assert_eq!((view.rated, view.item_count, view.complete), (22, 23, false));
        assert_eq!(view.items[0].band, None);
        assert_eq!(view.items[1].band.as_deref(), Some("90-100%"));
    }
}
