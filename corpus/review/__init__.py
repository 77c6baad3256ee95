"""Review of de-identification: sampled documents and low-confidence findings (service: corpus.services.review)."""
