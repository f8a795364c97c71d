//! `score_many` on Arrow data: anything with the Arrow PyCapsule interface (a pyarrow Table or
//! RecordBatch, a polars DataFrame, a pandas >= 2.2 DataFrame, a DuckDB relation) is read through
//! pyo3-arrow as arrow-rs arrays in place; each item column is handed to the core's columnar batch
//! kernel as it lies in memory (integers and floats natively, the validity bitmap as "not rated").
//! The results go back as Arrow arrays built from the kernel's own vectors (no copy), beside the
//! input's `id`, `name` and `sector` columns (shared, not copied).

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use zhuoyue::score::{batch_columns, Batch, Cells, Column};
use zhuoyue::{Completeness, Error, Framework};

/// Columns passed through to the result, when present.
pub const PASSTHROUGH: [&str; 3] = ["id", "name", "sector"];
/// Result columns; a category with one of these names is written `category:<id>`.
const RESULTS: [&str; 6] = ["total", "total_hundredths", "process", "results", "band", "rated"];

/// A column name that looks like an item id (`4.1.2`, `7.1`): one of another framework, or a typo.
fn item_like(name: &str) -> bool {
    let mut parts = name.split('.');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().enumerate().all(|(i, p)| {
            let digits = p.trim_end_matches(|c: char| c.is_ascii_lowercase());
            !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && (i + 1 == rest.len() || digits.len() == p.len())
                && p.len() - digits.len() <= 1
        })
}

fn syntax(column: &str, message: String) -> Error {
    Error::Syntax {
        format: zhuoyue::Format::Json,
        path: format!("items.{column}"),
        item: Some(column.to_string()),
        message,
        line: None,
        column: None,
    }
}

/// Where each framework item's column is in the schema, after the rules every frame follows: one
/// column per name, no column that looks like an item of another framework, every item present
/// unless the score is partial.
pub fn plan_columns(framework: &Framework, names: &[&str], partial: bool) -> Result<Vec<Option<usize>>, Error> {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        if !seen.insert(*name) {
            return Err(syntax(name, format!("column {name} appears twice (rule: one column per item)")));
        }
    }
    let categories: Vec<&str> = framework.categories.iter().map(|c| c.id.as_str()).collect();
    if let Some(stray) =
        names.iter().find(|n| item_like(n) && framework.position(n).is_none() && !categories.contains(n))
    {
        return Err(Error::UnknownItem { item: stray.to_string(), framework: framework.id.clone() });
    }
    let positions: Vec<Option<usize>> =
        framework.items().map(|item| names.iter().position(|n| *n == item.id)).collect();
    if !partial {
        let missing: Vec<String> =
            framework.items().zip(&positions).filter(|(_, p)| p.is_none()).map(|(i, _)| i.id.clone()).collect();
        if !missing.is_empty() {
            return Err(Error::MissingItems { missing, total: framework.item_count() });
        }
    }
    Ok(positions)
}

/// Borrows one Arrow column as the kernel's cells; decimals (DuckDB's `55.0`) are cast to float64
/// first (the only copy, and only for them); text and other types are refused naming the column.
fn cells<'a>(name: &str, array: &'a ArrayRef, cast: &'a mut Option<ArrayRef>) -> Result<Column<'a>, Error> {
    let array: &'a ArrayRef = match array.data_type() {
        DataType::Decimal32(..) | DataType::Decimal64(..) | DataType::Decimal128(..) | DataType::Decimal256(..) => {
            let converted = arrow_cast(array, name)?;
            &*cast.insert(converted)
        }
        _ => array,
    };
    let valid = array.nulls().map(|n| (n.validity(), n.offset()));
    let cells = match array.data_type() {
        DataType::Int64 => Cells::I64(array.as_primitive::<Int64Type>().values()),
        DataType::Int32 => Cells::I32(array.as_primitive::<Int32Type>().values()),
        DataType::Int16 => Cells::I16(array.as_primitive::<Int16Type>().values()),
        DataType::Int8 => Cells::I8(array.as_primitive::<Int8Type>().values()),
        DataType::UInt64 => Cells::U64(array.as_primitive::<UInt64Type>().values()),
        DataType::UInt32 => Cells::U32(array.as_primitive::<UInt32Type>().values()),
        DataType::UInt16 => Cells::U16(array.as_primitive::<UInt16Type>().values()),
        DataType::UInt8 => Cells::U8(array.as_primitive::<UInt8Type>().values()),
        DataType::Float64 => Cells::F64(array.as_primitive::<Float64Type>().values()),
        DataType::Float32 => Cells::F32(array.as_primitive::<Float32Type>().values()),
        DataType::Null => return Ok(Column { cells: Cells::Absent, valid: None }),
        other => {
            return Err(syntax(
                name,
                format!("column {name} holds {other}, not numbers (rule: a percent is a whole number from 0 to 100)"),
            ))
        }
    };
    Ok(Column { cells, valid })
}

fn arrow_cast(array: &ArrayRef, name: &str) -> Result<ArrayRef, Error> {
    arrow_cast::cast(array, &DataType::Float64)
        .map_err(|e| syntax(name, format!("column {name}: the decimals do not convert to numbers ({e})")))
}

/// One result column. Their order, `result_order`, is the one place it is written: the schema, the
/// Arrow arrays and the NumPy columns all follow it.
#[derive(Debug, Clone, Copy)]
enum Out {
    Total,
    TotalHundredths,
    Process,
    Results,
    Category(usize),
    Band,
    Rated,
}

/// Totals, subtotals, categories, band and rated, in the order the results come.
fn result_order(framework: &Framework) -> impl Iterator<Item = Out> {
    [Out::Total, Out::TotalHundredths, Out::Process, Out::Results]
        .into_iter()
        .chain((0..framework.categories.len()).map(Out::Category))
        .chain([Out::Band, Out::Rated])
}

/// The result schema: passthrough columns as they came, then the results in `result_order`.
fn result_fields(framework: &Framework, input: &Schema) -> Vec<Field> {
    let mut fields: Vec<Field> =
        PASSTHROUGH.iter().filter_map(|name| input.field_with_name(name).ok().cloned()).collect();
    fields.extend(result_order(framework).map(|out| {
        let float = |name: &str| Field::new(name, DataType::Float64, false);
        match out {
            Out::Total => float("total"),
            Out::TotalHundredths => Field::new("total_hundredths", DataType::Int64, false),
            Out::Process => float("process"),
            Out::Results => float("results"),
            Out::Category(c) => {
                let id = framework.categories.get(c).map(|c| c.id.as_str()).unwrap_or_default();
                let taken = RESULTS.contains(&id) || PASSTHROUGH.contains(&id);
                float(&if taken { format!("category:{id}") } else { id.to_string() })
            }
            Out::Band => Field::new("band", DataType::Int64, false),
            Out::Rated => Field::new("rated", DataType::Int64, false),
        }
    }));
    fields
}

/// Scores one record batch; `offset` is the row number of its first row in the whole input.
pub fn score_batch(
    framework: &Framework,
    batch: &RecordBatch,
    positions: &[Option<usize>],
    completeness: Completeness,
    offset: usize,
    schema: &SchemaRef,
) -> Result<RecordBatch, Error> {
    let rows = batch.num_rows();
    let input = batch.schema();
    let mut casts: Vec<Option<ArrayRef>> = vec![None; positions.len()];
    let mut columns = Vec::with_capacity(positions.len());
    for (slot, (position, cast)) in positions.iter().zip(casts.iter_mut()).enumerate() {
        columns.push(match position {
            None => Column { cells: Cells::Absent, valid: None },
            Some(p) => {
                let name = framework.item_id(slot).unwrap_or_default();
                cells(name, batch.column(*p), cast)?
            }
        });
    }
    let scored: Batch = batch_columns(framework, &columns, rows, completeness).map_err(|e| match e {
        Error::Batch { row, source } => Error::Batch { row: row + offset, source },
        other => other,
    })?;
    let passthrough: Vec<ArrayRef> =
        PASSTHROUGH.iter().filter_map(|name| input.index_of(name).ok().map(|i| Arc::clone(batch.column(i)))).collect();
    results_batch(framework, scored, rows, passthrough, schema)
}

/// The kernel's vectors as Arrow arrays (the integer ones moved in, not copied), after `out`.
fn results_batch(
    framework: &Framework,
    scored: Batch,
    rows: usize,
    mut out: Vec<ArrayRef>,
    schema: &SchemaRef,
) -> Result<RecordBatch, Error> {
    let Batch { mut totals, process, results, categories, bands, rated } = scored;
    let hundredths =
        |v: &[i64]| -> ArrayRef { Arc::new(Float64Array::from_iter_values(v.iter().map(|h| *h as f64 / 100.0))) };
    // The points of the totals first: the whole hundredths are then moved into their array.
    let total_points = hundredths(&totals);
    let (mut bands, mut rated) = (Some(bands), Some(rated));
    for column in result_order(framework) {
        out.push(match column {
            Out::Total => Arc::clone(&total_points),
            Out::TotalHundredths => Arc::new(Int64Array::from(std::mem::take(&mut totals))),
            Out::Process => hundredths(&process),
            Out::Results => hundredths(&results),
            Out::Category(c) => hundredths(categories.get(c * rows..(c + 1) * rows).unwrap_or_default()),
            Out::Band => {
                Arc::new(Int64Array::from_iter_values(bands.take().unwrap_or_default().into_iter().map(i64::from)))
            }
            Out::Rated => {
                Arc::new(Int64Array::from_iter_values(rated.take().unwrap_or_default().into_iter().map(i64::from)))
            }
        });
    }
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(Arc::clone(schema), out, &options)
        .map_err(|e| Error::Options { rule: format!("result batch: {e}") })
}

/// Scores item columns given as kernel columns (NumPy arrays borrowed in place): the results only,
/// no passthrough columns (the caller keeps its own), as one plain vector per result column, named
/// as the Arrow results are. The parts scored on each core are laid end to end while their
/// hundredths become points, so the caller gets whole columns to hand to NumPy without a copy (a
/// pandas frame over them is then made without one either, and stays writable).
pub fn score_columns(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: Completeness,
) -> Result<Vec<(String, Plain)>, Error> {
    let ncat = framework.categories.len();
    // Whole columns, each part writing its own rows of them on its own core: total, process,
    // results and the categories in points; total_hundredths, band and rated whole.
    let mut points: Vec<Vec<f64>> = (0..3 + ncat).map(|_| vec![0.0; rows]).collect();
    let mut whole: Vec<Vec<i64>> = (0..3).map(|_| vec![0; rows]).collect();
    let (size, count) = part_size(rows);
    let mut payloads: Vec<PartRows<'_>> = (0..count).map(|_| (Vec::new(), Vec::new())).collect();
    for column in &mut points {
        for (payload, chunk) in payloads.iter_mut().zip(column.chunks_mut(size)) {
            payload.0.push(chunk);
        }
    }
    for column in &mut whole {
        for (payload, chunk) in payloads.iter_mut().zip(column.chunks_mut(size)) {
            payload.1.push(chunk);
        }
    }
    in_parts_with(rows, payloads, |start, len, (mut f, mut w)| {
        let part: Vec<Column<'_>> = columns.iter().map(|c| c.rows(start, len)).collect();
        let b = batch_columns(framework, &part, len, completeness).map_err(|e| match e {
            Error::Batch { row, source } => Error::Batch { row: row + start, source },
            other => other,
        })?;
        let sources = [&b.totals[..], &b.process, &b.results].into_iter().chain(b.categories.chunks(len.max(1)));
        for (out, from) in f.iter_mut().zip(sources) {
            out.iter_mut().zip(from).for_each(|(o, h)| *o = *h as f64 / 100.0);
        }
        if let [totals, bands, rated] = &mut w[..] {
            totals.copy_from_slice(&b.totals);
            bands.iter_mut().zip(&b.bands).for_each(|(o, x)| *o = i64::from(*x));
            rated.iter_mut().zip(&b.rated).for_each(|(o, x)| *o = i64::from(*x));
        }
        Ok(())
    })?;
    let mut points: Vec<Option<Vec<f64>>> = points.into_iter().map(Some).collect();
    let mut whole: Vec<Option<Vec<i64>>> = whole.into_iter().map(Some).collect();
    let mut take_points = |i: usize| Plain::F64(points.get_mut(i).and_then(Option::take).unwrap_or_default());
    let mut take_whole = |i: usize| Plain::I64(whole.get_mut(i).and_then(Option::take).unwrap_or_default());
    let fields = result_fields(framework, &Schema::empty());
    let out = result_order(framework).map(|column| match column {
        Out::Total => take_points(0),
        Out::Process => take_points(1),
        Out::Results => take_points(2),
        Out::Category(c) => take_points(3 + c),
        Out::TotalHundredths => take_whole(0),
        Out::Band => take_whole(1),
        Out::Rated => take_whole(2),
    });
    Ok(fields.iter().map(|f| f.name().clone()).zip(out).collect())
}

/// One part's rows of the whole result columns: the points columns, then the whole-number ones.
type PartRows<'a> = (Vec<&'a mut [f64]>, Vec<&'a mut [i64]>);

/// One result column for NumPy: points (float64) or whole numbers (int64).
pub enum Plain {
    F64(Vec<f64>),
    I64(Vec<i64>),
}

/// The result schema for an input schema.
pub fn result_schema(framework: &Framework, input: &Schema) -> SchemaRef {
    Arc::new(Schema::new(result_fields(framework, input)))
}

/// Scores `rows` rows in one part per core when there are many (each part a view of the input,
/// on its own thread), else in one; the parts come back in row order, so does the first error.
pub fn in_parts<T: Send>(
    rows: usize,
    score: impl Fn(usize, usize) -> Result<T, Error> + Sync,
) -> Result<Vec<T>, Error> {
    let payloads = vec![(); part_size(rows).1];
    in_parts_with(rows, payloads, |start, len, ()| score(start, len))
}

/// The rows of each part and how many parts: one per core (at most 8) from 65,536 rows, else one.
fn part_size(rows: usize) -> (usize, usize) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    let parts = if rows >= 65_536 { cores } else { 1 };
    let size = rows.div_ceil(parts).max(1);
    (size, rows.div_ceil(size).max(1))
}

/// `in_parts` handing each part its own payload (for instance its slices of the output columns):
/// `payloads` has one entry per part, as `part_size` counts them.
fn in_parts_with<P: Send, T: Send>(
    rows: usize,
    payloads: Vec<P>,
    score: impl Fn(usize, usize, P) -> Result<T, Error> + Sync,
) -> Result<Vec<T>, Error> {
    let (size, _) = part_size(rows);
    if payloads.len() <= 1 {
        return payloads.into_iter().map(|p| score(0, rows, p)).collect();
    }
    let scored: Vec<Result<T, Error>> = std::thread::scope(|scope| {
        let score = &score;
        let handles: Vec<_> = payloads
            .into_iter()
            .enumerate()
            .map(|(k, payload)| {
                let start = k * size;
                scope.spawn(move || score(start, size.min(rows - start), payload))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Options { rule: "internal error: a scoring thread failed".into() }))
            })
            .collect()
    });
    scored.into_iter().collect()
}
