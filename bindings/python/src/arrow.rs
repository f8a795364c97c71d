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
use zhuoyue::score::{frame_columns_into, frame_columns_into_slices, Cells, Column, Frame, FrameSlices};
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

/// Threads a batch is scored on: one per core, at most 8 (the core splits a batch into parts of
/// at least `PART_ROWS` rows, so a small batch stays on one).
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).min(8)
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
    let mut frame = Frame::default();
    frame_columns_into(framework, &columns, rows, completeness, threads(), &mut frame).map_err(|e| match e {
        Error::Batch { row, source } => Error::Batch { row: row + offset, source },
        other => other,
    })?;
    let mut out: Vec<ArrayRef> =
        PASSTHROUGH.iter().filter_map(|name| input.index_of(name).ok().map(|i| Arc::clone(batch.column(i)))).collect();
    // The frame's vectors become the arrays' buffers: moved, not copied.
    out.extend(plain_columns(framework, frame).into_iter().map(|column| -> ArrayRef {
        match column {
            Plain::F64(v) => Arc::new(Float64Array::from(v)),
            Plain::I64(v) => Arc::new(Int64Array::from(v)),
        }
    }));
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(Arc::clone(schema), out, &options)
        .map_err(|e| Error::Options { rule: format!("result batch: {e}") })
}

/// The frame's columns in `result_order`.
fn plain_columns(framework: &Framework, frame: Frame) -> Vec<Plain> {
    let Frame { mut total, mut total_hundredths, mut process, mut results, mut categories, mut band, mut rated } =
        frame;
    let take = std::mem::take::<Vec<f64>>;
    let whole = std::mem::take::<Vec<i64>>;
    result_order(framework)
        .map(|column| match column {
            Out::Total => Plain::F64(take(&mut total)),
            Out::Process => Plain::F64(take(&mut process)),
            Out::Results => Plain::F64(take(&mut results)),
            Out::Category(c) => Plain::F64(categories.get_mut(c).map(take).unwrap_or_default()),
            Out::TotalHundredths => Plain::I64(whole(&mut total_hundredths)),
            Out::Band => Plain::I64(whole(&mut band)),
            Out::Rated => Plain::I64(whole(&mut rated)),
        })
        .collect()
}

/// One result column of the two NumPy blocks `score_into_blocks` fills: its name, and whether
/// it is a float64 (points) or an int64 (whole numbers) column. Each block holds its kind's
/// columns in the order they come.
pub struct Placed {
    pub name: String,
    pub float: bool,
}

/// The result columns, named as the Arrow results are, in `result_order`.
pub fn placed_columns(framework: &Framework) -> Vec<Placed> {
    result_fields(framework, &Schema::empty())
        .into_iter()
        .map(|field| Placed { float: field.data_type() == &DataType::Float64, name: field.name().clone() })
        .collect()
}

/// Scores item columns given as kernel columns (NumPy arrays borrowed in place) into two blocks
/// the caller allocated (NumPy `empty`, so no zeroed memory): `floats` holds the float64 columns
/// and `ints` the int64 ones, one after another, each `rows` long, placed as `placed_columns`
/// says. A pandas frame over the blocks' rows is then made without a copy.
pub fn score_into_blocks(
    framework: &Framework,
    columns: &[Column<'_>],
    rows: usize,
    completeness: Completeness,
    floats: &mut [f64],
    ints: &mut [i64],
) -> Result<(), Error> {
    // Each block's rows in turn (none at all for zero rows: then every column is empty).
    let (mut f, mut i) = (floats.chunks_mut(rows.max(1)), ints.chunks_mut(rows.max(1)));
    let mut out = FrameSlices {
        total: &mut [],
        total_hundredths: &mut [],
        process: &mut [],
        results: &mut [],
        categories: Vec::with_capacity(framework.categories.len()),
        band: &mut [],
        rated: &mut [],
    };
    for column in result_order(framework) {
        let mut point = || f.next().unwrap_or_default();
        let mut whole = || i.next().unwrap_or_default();
        match column {
            Out::Total => out.total = point(),
            Out::Process => out.process = point(),
            Out::Results => out.results = point(),
            Out::Category(_) => out.categories.push(point()),
            Out::TotalHundredths => out.total_hundredths = whole(),
            Out::Band => out.band = whole(),
            Out::Rated => out.rated = whole(),
        }
    }
    frame_columns_into_slices(framework, columns, rows, completeness, threads(), out)
}

/// One result column for Arrow: points (float64) or whole numbers (int64).
enum Plain {
    F64(Vec<f64>),
    I64(Vec<i64>),
}

/// The result schema for an input schema.
pub fn result_schema(framework: &Framework, input: &Schema) -> SchemaRef {
    Arc::new(Schema::new(result_fields(framework, input)))
}
