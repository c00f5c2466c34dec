"""Envelope encryption of the service's own secrets ("sealed credentials").

A fresh 256-bit data key per record encrypts the plaintext with AES-GCM; a master-key provider
wraps the data key. Records keep provider id, key version, wrapped key, nonce and ciphertext
(``pushguard.crypto.envelope.Sealed``); rotation re-wraps data keys, never re-encrypts data.

Providers (``pushguard.crypto.provider.MasterKeyProvider``), one module each:
``local`` (key file from ``pushguard keys init``), ``env`` (``PUSHGUARD_MASTER_KEY``),
``vault`` (HashiCorp Vault transit). ``factory.load_provider(config)`` picks the configured one.
A missing or wrong master key raises ``MasterKeyError`` (exit code 3); there is no plaintext
fallback.
"""
