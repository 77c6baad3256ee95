"""De-identification of structured records: EMR tables (CSV/Parquet) and FHIR R4 resources."""
