//! Purpose-bound personal data access (個人情報の利用目的・第三者提供・特定個人情報).
//!
//! (Being built; see the issue tracker.)
