"""High availability: a hot-standby pair (Patroni + etcd with a witness, keepalived VIP, object replication)."""
