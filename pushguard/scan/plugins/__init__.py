"""The detector registry: our own plugins (one per file) and the detect-secrets adapters.

Importing this package is cheap: our plugins are small regex classes and the adapters load
detect-secrets only when a line first reaches them.

Order matters: when several detectors report one secret the engine keeps the first blocking
report, so the catch-all for passwords in URLs comes last and a token used as the password
of a URL (an AWS key id, a Stripe key) is reported under its own format, whose provider can
verify and revoke it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import LazyRegex
from pushguard.scan.plugin import Detector
from pushguard.scan.plugins.adafruit_io import AdafruitIoKey
from pushguard.scan.plugins.aikido import AikidoClientSecret
from pushguard.scan.plugins.anthropic import AnthropicKey
from pushguard.scan.plugins.anyscale import AnyscaleKey
from pushguard.scan.plugins.artifactory_api_key import ArtifactoryApiKey
from pushguard.scan.plugins.artifactory_reference import ArtifactoryReferenceToken
from pushguard.scan.plugins.aws_bedrock_short_term import AwsBedrockShortTermKey
from pushguard.scan.plugins.aws_secret import AwsSecretKey
from pushguard.scan.plugins.aws_session_token import AwsSessionToken
from pushguard.scan.plugins.azure_devops_pat import AzureDevOpsPat
from pushguard.scan.plugins.azure_identifiable import AzureIdentifiableKey
from pushguard.scan.plugins.azure_sas import AzureSasToken
from pushguard.scan.plugins.azure_storage import AzureStorageKey
from pushguard.scan.plugins.basic_auth import BasicAuth
from pushguard.scan.plugins.bearer_token import BearerToken
from pushguard.scan.plugins.bitbucket_app_password import BitbucketAppPassword
from pushguard.scan.plugins.bitwarden import BitwardenAccessToken
from pushguard.scan.plugins.braintree import BraintreeAccessToken
from pushguard.scan.plugins.browserbase import BrowserbaseKey
from pushguard.scan.plugins.canva import CanvaClientSecret
from pushguard.scan.plugins.cartesia import CartesiaKey
from pushguard.scan.plugins.clickhouse import ClickHouseCloudSecretKey
from pushguard.scan.plugins.client_password import ClientCallPassword
from pushguard.scan.plugins.cloudflare import CloudflareCredential
from pushguard.scan.plugins.command_line_password import CommandLinePassword
from pushguard.scan.plugins.connection_string import ConnectionStringPassword
from pushguard.scan.plugins.contentful import ContentfulPat
from pushguard.scan.plugins.crates_io import CratesIoToken
from pushguard.scan.plugins.curl_auth_header import CurlAuthHeader
from pushguard.scan.plugins.datadog_api import DatadogApiKey
from pushguard.scan.plugins.datadog_app import DatadogAppKey
from pushguard.scan.plugins.dependency_track import DependencyTrackApiKey
from pushguard.scan.plugins.deployment_password import DeploymentPassword
from pushguard.scan.plugins.detect_secrets_adapter import adapters
from pushguard.scan.plugins.discord_webhook import DiscordWebhook
from pushguard.scan.plugins.django_secret_key import DjangoSecretKey
from pushguard.scan.plugins.doppler import DopplerToken
from pushguard.scan.plugins.dropbox import DropboxAccessToken
from pushguard.scan.plugins.elevenlabs import ElevenLabsKey
from pushguard.scan.plugins.entra_client_secret import EntraClientSecret
from pushguard.scan.plugins.ethereum_private_key import EthereumPrivateKey
from pushguard.scan.plugins.fal import FalKey
from pushguard.scan.plugins.fcm_server_key import FcmServerKey
from pushguard.scan.plugins.firecrawl import FirecrawlKey
from pushguard.scan.plugins.fireworks import FireworksKey
from pushguard.scan.plugins.flutterwave import FlutterwaveSecretKey
from pushguard.scan.plugins.github import GitHubToken
from pushguard.scan.plugins.github_fine_grained import GitHubFineGrainedToken
from pushguard.scan.plugins.github_oauth_secret import GitHubOAuthAppSecret
from pushguard.scan.plugins.gitlab import GitLabPat
from pushguard.scan.plugins.gitlab_other import GitLabToken
from pushguard.scan.plugins.google import GoogleApiKey
from pushguard.scan.plugins.google_oauth_secret import GoogleOAuthClientSecret
from pushguard.scan.plugins.google_oauth_token import GoogleOAuthToken
from pushguard.scan.plugins.grafana_cloud import GrafanaCloudToken
from pushguard.scan.plugins.helicone import HeliconeKey
from pushguard.scan.plugins.hubspot import HubSpotAccessToken
from pushguard.scan.plugins.huggingface import HuggingFaceToken
from pushguard.scan.plugins.huggingface_org import HuggingFaceOrgToken
from pushguard.scan.plugins.jenkins_credential import JenkinsCredential
from pushguard.scan.plugins.jina import JinaKey
from pushguard.scan.plugins.jwt_secret import JwtSigningSecret
from pushguard.scan.plugins.kubernetes_secret import KubernetesSecret
from pushguard.scan.plugins.lambda_cloud import LambdaCloudApiKey
from pushguard.scan.plugins.langfuse import LangfuseSecretKey
from pushguard.scan.plugins.langsmith import LangSmithKey
from pushguard.scan.plugins.laravel import LaravelAppKey
from pushguard.scan.plugins.logfire import LogfireToken
from pushguard.scan.plugins.mailgun import MailgunKey
from pushguard.scan.plugins.mapbox import MapboxSecretToken
from pushguard.scan.plugins.mem0 import Mem0Key
from pushguard.scan.plugins.microsoft_teams_webhook import MicrosoftTeamsWebhook
from pushguard.scan.plugins.modal import ModalTokenSecret
from pushguard.scan.plugins.mongodb_atlas import MongoDbAtlasServiceAccountSecret
from pushguard.scan.plugins.mongodb_atlas_api_key import MongoDbAtlasApiKey
from pushguard.scan.plugins.named_key import NamedProviderKey
from pushguard.scan.plugins.netlify import NetlifyToken
from pushguard.scan.plugins.new_relic import NewRelicUserKey
from pushguard.scan.plugins.new_relic_insert import NewRelicInsertKey
from pushguard.scan.plugins.new_relic_license import NewRelicLicenseKey
from pushguard.scan.plugins.notion import NotionSecret
from pushguard.scan.plugins.npm import NpmToken
from pushguard.scan.plugins.npm_registry import NpmRegistryToken
from pushguard.scan.plugins.nuget import NuGetApiKey
from pushguard.scan.plugins.openai import OpenAIKey
from pushguard.scan.plugins.packagist import PackagistToken
from pushguard.scan.plugins.pgpass import PgpassPassword
from pushguard.scan.plugins.pgt import PushguardToken
from pushguard.scan.plugins.pinecone import PineconeKey
from pushguard.scan.plugins.pkcs12 import Pkcs12PrivateKey
from pushguard.scan.plugins.planetscale import PlanetScaleToken
from pushguard.scan.plugins.postman_auth import PostmanAuth
from pushguard.scan.plugins.private_key import PrivateKey
from pushguard.scan.plugins.private_key_base64 import Base64PrivateKey
from pushguard.scan.plugins.proxy_header import ProxyAuthHeader
from pushguard.scan.plugins.pypi import PypiToken
from pushguard.scan.plugins.rails_master_key import RailsMasterKey
from pushguard.scan.plugins.ramp import RampClientSecret
from pushguard.scan.plugins.render import RenderKey
from pushguard.scan.plugins.request_header import RequestHeaderCredential
from pushguard.scan.plugins.resend import ResendKey
from pushguard.scan.plugins.rpc_url_key import RpcUrlKey
from pushguard.scan.plugins.runpod import RunPodKey
from pushguard.scan.plugins.salesforce import SalesforceAccessToken
from pushguard.scan.plugins.secret_key_base import SecretKeyBase
from pushguard.scan.plugins.seed_phrase import SeedPhrase
from pushguard.scan.plugins.sentry import SentryToken
from pushguard.scan.plugins.setting_password import SettingPassword
from pushguard.scan.plugins.slack import SlackToken
from pushguard.scan.plugins.slack_webhook import SlackWebhook
from pushguard.scan.plugins.sonarqube import SonarQubeToken
from pushguard.scan.plugins.stackhawk import StackHawkApiKey
from pushguard.scan.plugins.supabase import SupabaseSecretKey
from pushguard.scan.plugins.tailscale import TailscaleKey
from pushguard.scan.plugins.tavily import TavilyKey
from pushguard.scan.plugins.tines_webhook import TinesWebhook
from pushguard.scan.plugins.tool_config_credential import ToolConfigCredential
from pushguard.scan.plugins.twilio_api_secret import TwilioApiKeySecret
from pushguard.scan.plugins.twilio_auth import TwilioAuthToken
from pushguard.scan.plugins.url_password import UrlPassword
from pushguard.scan.plugins.vault_token import VaultToken
from pushguard.scan.plugins.webhook_signing_secret import WebhookSigningSecret
from pushguard.scan.plugins.wireguard import WireGuardPrivateKey
from pushguard.scan.plugins.wordpress_salt import WordPressSalt
from pushguard.scan.plugins.workflow_trigger_url import WorkflowTriggerUrl
from pushguard.scan.plugins.x_bearer import XBearerToken
from pushguard.scan.plugins.zapier_webhook import ZapierWebhook
from pushguard.scan.rulemeta import provider_of

OWN = (
    HuggingFaceToken,
    HuggingFaceOrgToken,
    GitHubToken,
    GitHubFineGrainedToken,
    NpmToken,
    NpmRegistryToken,
    GitLabPat,
    GitLabToken,
    OpenAIKey,
    AnthropicKey,
    GoogleApiKey,
    SlackToken,
    SlackWebhook,
    RpcUrlKey,
    DiscordWebhook,
    PrivateKey,
    PushguardToken,
    AwsSecretKey,
    NewRelicUserKey,
    NewRelicLicenseKey,
    LangSmithKey,
    AzureStorageKey,
    GoogleOAuthClientSecret,
    PypiToken,
    GitHubOAuthAppSecret,
    WebhookSigningSecret,
    PineconeKey,
    RenderKey,
    SupabaseSecretKey,
    PlanetScaleToken,
    MapboxSecretToken,
    ContentfulPat,
    FlutterwaveSecretKey,
    TailscaleKey,
    LangfuseSecretKey,
    TavilyKey,
    XBearerToken,
    FirecrawlKey,
    JinaKey,
    AnyscaleKey,
    RunPodKey,
    BrowserbaseKey,
    SentryToken,
    DopplerToken,
    FireworksKey,
    ResendKey,
    MailgunKey,
    NotionSecret,
    NetlifyToken,
    CloudflareCredential,
    AdafruitIoKey,
    HeliconeKey,
    ElevenLabsKey,
    ModalTokenSecret,
    FalKey,
    Mem0Key,
    CartesiaKey,
    DropboxAccessToken,
    MicrosoftTeamsWebhook,
    WorkflowTriggerUrl,
    ZapierWebhook,
    TinesWebhook,
    DependencyTrackApiKey,
    StackHawkApiKey,
    LambdaCloudApiKey,
    HubSpotAccessToken,
    ArtifactoryApiKey,
    BitbucketAppPassword,
    AzureDevOpsPat,
    AzureIdentifiableKey,
    VaultToken,
    GrafanaCloudToken,
    TwilioApiKeySecret,
    EntraClientSecret,
    AikidoClientSecret,
    MongoDbAtlasServiceAccountSecret,
    MongoDbAtlasApiKey,
    RampClientSecret,
    CanvaClientSecret,
    ClickHouseCloudSecretKey,
    ArtifactoryReferenceToken,
    SalesforceAccessToken,
    PackagistToken,
    NuGetApiKey,
    SonarQubeToken,
    LogfireToken,
    BitwardenAccessToken,
    CratesIoToken,
    NewRelicInsertKey,
    AwsSessionToken,
    AwsBedrockShortTermKey,
    FcmServerKey,
    AzureSasToken,
    DatadogApiKey,
    DatadogAppKey,
    TwilioAuthToken,
    BraintreeAccessToken,
    GoogleOAuthToken,
    EthereumPrivateKey,
    SeedPhrase,
    WireGuardPrivateKey,
    LaravelAppKey,
    RailsMasterKey,
    DjangoSecretKey,
    JwtSigningSecret,
    SecretKeyBase,
    WordPressSalt,
    Base64PrivateKey,
    Pkcs12PrivateKey,
    KubernetesSecret,
    JenkinsCredential,
    ConnectionStringPassword,
    PgpassPassword,
    SettingPassword,
    DeploymentPassword,
    ToolConfigCredential,
    CommandLinePassword,
    CurlAuthHeader,
    BearerToken,
    PostmanAuth,
    ProxyAuthHeader,
    RequestHeaderCredential,
    ClientCallPassword,
    BasicAuth,
)


def all_detectors() -> list[Detector]:
    """Fresh instances of every detector: ours, detect-secrets', then the catch-alls for URL
    passwords and keys known by their service's name (not for services whose keys another
    of these detectors knows the format of: it decides what is theirs, and where it cannot
    read the name, its ``value_shape`` does)."""
    detectors: list[Detector] = [*(cls() for cls in OWN), *adapters(), UrlPassword()]
    formats: dict[str, list[LazyRegex]] = {}
    for detector in detectors:
        provider = provider_of(detector.rule).replace("-", "")
        if detector.blocking and provider:
            shapes = formats.setdefault(provider, [])
            if (shape := getattr(detector, "value_shape", None)) is not None:
                shapes.append(shape)
    return [*detectors, NamedProviderKey({p: tuple(s) for p, s in formats.items()})]
