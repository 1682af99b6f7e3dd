using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Microsoft.Extensions.Configuration;

namespace ActorNet.ControlPlane;

/// <summary>How a node's Akka port is protected, decided from its configuration.</summary>
public enum RemoteSecurityMode
{
    /// <summary>Plain TCP: loopback only, no secret, no certificate (the README's commands, a plain Akka.NET program).</summary>
    None,

    /// <summary>Mutual TLS with certificates each node makes at start, accepted only with a proof of the cluster secret.</summary>
    Secret,

    /// <summary>Mutual TLS with the operator's certificate (PEM or PFX), peers checked against the given CA.</summary>
    Certificates,
}

/// <summary>
/// Chooses and sets up the protection of Akka.Remote's port. Akka's classic transport authenticates nothing by
/// itself, so with credentials the port runs TLS with mutual authentication (<c>akka.remote.dot-netty.tcp.enable-ssl</c>
/// and a <see cref="DotNettySslSetup"/>); a node bound off loopback without credentials refuses to start.
/// </summary>
public sealed class RemoteSecurity
{
    private RemoteSecurity(RemoteSecurityMode mode, string? secret, DotNettySslSetup? ssl)
    {
        Mode = mode;
        Secret = secret;
        Ssl = ssl;
    }

    /// <summary>The chosen protection.</summary>
    public RemoteSecurityMode Mode { get; }

    /// <summary>The cluster secret (also the data plane's), or null.</summary>
    public string? Secret { get; }

    /// <summary>The TLS setup handed to Akka, or null for plain TCP.</summary>
    public DotNettySslSetup? Ssl { get; }

    /// <summary>The Akka keys this mode needs (TLS on or off), to lay over the node's configuration.</summary>
    public Config Config => ConfigurationFactory.ParseString(
        $"akka.remote.dot-netty.tcp.enable-ssl = {(Ssl is null ? "false" : "true")}");

    /// <summary>Adds the TLS setup, if any, to an actor system's setup.</summary>
    public ActorSystemSetup Apply(ActorSystemSetup setup) => Ssl is null ? setup : setup.And(Ssl);

    /// <summary>
    /// Reads <c>actornet.remote.secret</c> (or <c>ACTORNET_SECRET</c>) and <c>actornet.remote.tls.*</c>: operator
    /// certificates win; else a secret makes per-node certificates; else plain TCP, on loopback only.
    /// </summary>
    /// <exception cref="InvalidOperationException">The node binds a non-loopback address without a secret or certificates.</exception>
    public static RemoteSecurity FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secret = configuration["actornet:remote:secret"] is { Length: > 0 } s ? s
            : Environment.GetEnvironmentVariable("ACTORNET_SECRET") is { Length: > 0 } e ? e : null;
        var certificatePath = configuration["actornet:remote:tls:certificate"];
        if (!string.IsNullOrEmpty(certificatePath))
            return new RemoteSecurity(RemoteSecurityMode.Certificates, secret, OperatorCertificates(configuration, certificatePath));
        if (secret is not null)
            return new RemoteSecurity(RemoteSecurityMode.Secret, secret, SecretSetup(secret));

        var hostname = configuration["actornet:remote:hostname"] is { Length: > 0 } h ? h : "127.0.0.1";
        if (!IsLoopback(hostname))
            throw new InvalidOperationException(
                $"actornet.remote.hostname = {hostname} is not a loopback address, and no credentials are set: set actornet.remote.secret " +
                "(or ACTORNET_SECRET) or actornet.remote.tls.certificate, so that only the cluster's nodes can join");
        return new RemoteSecurity(RemoteSecurityMode.None, null, null);
    }

    /// <summary>Whether a host name or address is this machine's loopback.</summary>
    public static bool IsLoopback(string hostname) =>
        hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(hostname.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static DotNettySslSetup SecretSetup(string secret)
    {
        var certificate = SecretCertificate.Create(secret);
        // Self-signed: the chain errors are expected; the proof of the secret is what authenticates the peer.
        CertificateValidationCallback validator = (peer, _, remote, _, log) =>
        {
            if (SecretCertificate.HasProof(peer, secret)) return true;
            log.Warning("refused TLS peer {0}: its certificate carries no proof of the cluster secret", remote);
            return false;
        };
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, customValidator: validator);
    }

    private static DotNettySslSetup OperatorCertificates(IConfiguration configuration, string certificatePath)
    {
        var keyPath = configuration["actornet:remote:tls:private-key"];
        var password = configuration["actornet:remote:tls:password"];
        X509Certificate2 certificate;
        try
        {
            certificate = certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password)
                : X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrEmpty(keyPath) ? null : keyPath);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException("the certificate has no private key (set actornet.remote.tls.private-key for a PEM key file)");
            // PEM keys are ephemeral; a PKCS#12 round trip makes them usable by every TLS stack.
            certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            throw new InvalidOperationException($"actornet.remote.tls.certificate '{certificatePath}': {e.Message}", e);
        }

        var caPath = configuration["actornet:remote:tls:ca-certificate"];
        if (string.IsNullOrEmpty(caPath))
            return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true);
        var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
        CertificateValidationCallback validator = (peer, _, remote, _, log) =>
        {
            if (peer is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain.Build(peer)) return true;
            log.Warning("refused TLS peer {0}: its certificate is not signed by {1}", remote, authority.Subject);
            return false;
        };
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, customValidator: validator);
    }
}
