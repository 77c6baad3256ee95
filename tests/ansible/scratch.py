"""The converge scratch: site.yml applied twice, with a real vault, to local scratch trees."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import yaml

from tests.ansible.ansible_helpers import CONVERGE_INVENTORY, make_skeleton, require_tool, run
from tests.ansible.stub_wheels import build_wheelhouse

VAULT_PASSWORD = "converge-test-vault-password"
TORCH, CORPUSBOX = "2.13.0", "0.1.0"


def _self_signed() -> tuple[str, str]:
    """A throwaway TLS certificate and key (PEM) for MinIO."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "corpusbox.hospital.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


def _secrets() -> dict[str, str]:
    cert, key = _self_signed()
    return {
        "corpusbox_s3_access_key_vault": "corpusbox-app",
        "corpusbox_s3_secret_key_vault": "app-secret/with:odd@chars",
        "corpusbox_db_password_vault": "db-pass/with:odd@chars",
        "corpusbox_admin_password_vault": "admin-password-123",
        "minio_root_user_vault": "cbx-root",
        "minio_root_password_vault": "root-password-123",
        "minio_kms_secret_key_vault": "corpusbox-key:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "minio_tls_cert_vault": cert,
        "minio_tls_key_vault": key,
        "patroni_superuser_password_vault": "su-pass",
        "patroni_replication_password_vault": "repl-pass",
        "patroni_rewind_password_vault": "rewind-pass",
        "patroni_restapi_password_vault": "api-pass",
    }


class Scratch:
    """One converge: the scratch root, the vault and the output of both runs."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "root"
        self.wheels = build_wheelhouse(base / "wheels", TORCH, CORPUSBOX)
        self.vault = base / "vault.yml"
        self.password_file = base / "vault-pass"
        self.first: subprocess.CompletedProcess[str] | None = None
        self.second: subprocess.CompletedProcess[str] | None = None

    def box(self, host: str) -> Path:
        return self.root / host

    def write_vault(self) -> None:
        """Secrets as a real Ansible Vault file, as operators keep them."""
        self.vault.write_text(yaml.safe_dump(_secrets()))
        self.password_file.write_text(VAULT_PASSWORD + "\n")
        done = run([require_tool("ansible-vault"), "encrypt", "--vault-password-file",
                    str(self.password_file), str(self.vault)])
        assert done.returncode == 0, done.stderr
        assert self.vault.read_text().startswith("$ANSIBLE_VAULT;")

    def playbook(self, *args: str, limit: str = "pair-a,single", vault: bool = True,
                 timeout: int = 300) -> subprocess.CompletedProcess[str]:
        cmd = [require_tool("ansible-playbook"), "-i", str(CONVERGE_INVENTORY), "--limit", limit,
               "-e", f"converge_root={self.root}", "-e", f"converge_wheelhouse={self.wheels}"]
        if vault:
            cmd += ["-e", f"@{self.vault}", "--vault-password-file", str(self.password_file)]
        return run(cmd + list(args), timeout=timeout)


def converge(base: Path) -> Scratch:
    """Converge playbooks/site.yml twice onto two local scratch boxes (a pair member and a single box)."""
    require_tool("ansible-playbook")
    s = Scratch(base)
    s.write_vault()
    for host in ("pair-a", "single"):
        make_skeleton(s.box(host))
    s.first = s.playbook("playbooks/site.yml")
    s.second = s.playbook("playbooks/site.yml")
    return s
