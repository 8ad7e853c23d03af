//! OFAC's facts in every OFAC format: how an `idType` or feature type is
//! classified (identifier, contact, date, remark) and how IMO numbers are read.
