"""Curation: exact and near-duplicate removal (MinHash/LSH), quality filters, patient-level splits."""
