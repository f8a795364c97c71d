//! wasm-bindgen-test: the shared vectors through the exported functions, inside WebAssembly.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a test failure

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

const SCORES: &[&str] = &[
    include_str!("../../../tests/vectors/gbt19580-2012.scores.json"),
    include_str!("../../../tests/vectors/baldrige-2023-2024.scores.json"),
    include_str!("../../../tests/vectors/efqm-2025.scores.json"),
];
const ERRORS: &str = include_str!("../../../tests/vectors/errors.json");

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn scoring_vectors_match() {
    for text in SCORES {
        let file: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut ran = 0;
        for case in file["cases"].as_array().unwrap() {
            let card =
                zhuoyue_wasm::score(&case["assessment"].to_string(), case["partial"].as_bool().unwrap()).unwrap();
            let expected = case["expect"]["total_hundredths"].as_f64().unwrap();
            assert_eq!(get(&card, "total_hundredths").as_f64(), Some(expected), "{}", case["name"]);
            assert_eq!(get(&card, "band").as_f64(), case["expect"]["band"].as_f64(), "{}", case["name"]);
            ran += 1;
        }
        assert_eq!(Some(ran), file["count"].as_u64());
    }
}

#[wasm_bindgen_test]
fn error_vectors_carry_code_and_item() {
    let file: serde_json::Value = serde_json::from_str(ERRORS).unwrap();
    let mut ran = 0;
    for case in file["cases"].as_array().unwrap().iter().filter(|c| c["format"] == "json") {
        let error = zhuoyue_wasm::score(case["input"].as_str().unwrap(), false).unwrap_err();
        assert_eq!(get(&error, "code").as_string().as_deref(), case["code"].as_str(), "{}", case["name"]);
        assert_eq!(get(&error, "item").as_string().as_deref(), case["item"].as_str(), "{}", case["name"]);
        ran += 1;
    }
    assert!(ran >= 29);
}
