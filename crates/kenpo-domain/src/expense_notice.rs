//! Medical expense notices per household (医療費通知).
//!
//! (Being built; see the issue tracker.)
