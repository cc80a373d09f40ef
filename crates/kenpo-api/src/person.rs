//! Facts about a person that several families share ([`kenpo_domain::person`]).

mirror_enum! {
    /// 性別 (sex) as notifications, receipts and checkup files code it: 1 男, 2 女. The
    /// checkup criteria (waist, haemoglobin) depend on it.
    pub enum Sex => kenpo_domain::person::Sex {
        /// 男 (code 1).
        Male,
        /// 女 (code 2).
        Female,
    }
}
