//! Validated identifiers: insurer number (保険者番号), insured symbol and number (記号・番号), branch number (枝番), medical institution code (医療機関コード) and Individual Number (個人番号, My Number).
//!
//! (Being built; see the issue tracker.)
