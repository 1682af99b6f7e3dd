using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorNet.Actors.Remote;

/// <summary>
/// TLS for remoting from PEM files: this node's certificate and key, and optionally the CA that signs all
/// nodes' certificates (then both sides must present a certificate signed by it; host names are not
/// checked because nodes are addressed by IP). Without a CA file the system trust store decides.
/// </summary>
internal sealed class TlsSetup
{
    // This node's certificate with its private key.
    private readonly X509Certificate2 _certificate;
    // The cluster CA, or null for the system store.
    private readonly X509Certificate2? _authority;

    public TlsSetup(RemoteSettings settings)
    {
        if (string.IsNullOrEmpty(settings.TlsCertificate) || string.IsNullOrEmpty(settings.TlsPrivateKey))
            throw new InvalidOperationException("actornet:remote:tls:enabled is on but tls:certificate or tls:private-key is empty");
        foreach (var file in new[] { settings.TlsCertificate, settings.TlsPrivateKey, settings.TlsCaCertificate })
            if (!string.IsNullOrEmpty(file) && !File.Exists(file)) throw new FileNotFoundException($"TLS file '{file}' does not exist", file);
        _certificate = X509Certificate2.CreateFromPemFile(settings.TlsCertificate, settings.TlsPrivateKey);
        _authority = string.IsNullOrEmpty(settings.TlsCaCertificate) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(settings.TlsCaCertificate));
    }

    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = _certificate,
        ClientCertificateRequired = _authority is not null,
        RemoteCertificateValidationCallback = Validate,
    };

    public SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = [_certificate],
        RemoteCertificateValidationCallback = Validate,
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_authority is null) return errors == SslPolicyErrors.None;
        if (certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }
}
