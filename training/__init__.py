"""Fine-tuning: job files, recipes, the Ray scheduler, the model registry and the promotion gate."""
