using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorNet.Actors;

namespace ActorNet.Actors.Tests.Remote;

public sealed class TlsTests : RemoteTestBase, IDisposable
{
    // Folder holding the generated PEM files.
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a CA and a node certificate signed by it (or by a stranger CA) as PEM files.</summary>
    private (string Cert, string Key, string Ca) Issue(string name, bool trusted)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=actornet-test-ca-{(trusted ? "cluster" : "stranger")}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var caKeyFile = Path.Combine(_dir, trusted ? "ca-cluster.key" : $"ca-{name}.key");
        var caFile = Path.Combine(_dir, trusted ? "ca-cluster.pem" : $"ca-{name}.pem");
        X509Certificate2 ca;
        if (trusted && File.Exists(caFile))
        {
            ca = X509Certificate2.CreateFromPemFile(caFile, caKeyFile);
        }
        else
        {
            ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(caFile, ca.ExportCertificatePem());
            File.WriteAllText(caKeyFile, caKey.ExportPkcs8PrivateKeyPem());
        }
        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", nodeKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var sanBuilder = new SubjectAlternativeNameBuilder();
        sanBuilder.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(sanBuilder.Build());
        using var signer = ca.GetECDsaPrivateKey()!;
        var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        var certFile = Path.Combine(_dir, $"{name}.pem");
        var keyFile = Path.Combine(_dir, $"{name}.key");
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        File.WriteAllText(keyFile, nodeKey.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile, Path.Combine(_dir, "ca-cluster.pem"));
    }

    private ActorSystem TlsSystem(string name, (string Cert, string Key, string Ca) files) =>
        NewSystem(name, "s3cret",
            ("actornet:remote:tls:enabled", "on"),
            ("actornet:remote:tls:certificate", files.Cert),
            ("actornet:remote:tls:private-key", files.Key),
            ("actornet:remote:tls:ca-certificate", files.Ca));

    [Fact]
    public async Task Nodes_with_certificates_from_the_cluster_CA_talk_over_TLS()
    {
        var a = TlsSystem("a", Issue("a", trusted: true));
        var b = TlsSystem("b", Issue("b", trusted: true));
        b.ActorOf(Props.Create<Echo>(), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        Assert.Equal("echo:secure", await remote.Ask<string>("secure", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_node_whose_certificate_the_cluster_CA_did_not_sign_is_refused()
    {
        var b = TlsSystem("b", Issue("b", trusted: true));
        b.ActorOf(Props.Create<Echo>(), "echo");
        var strangerFiles = Issue("stranger", trusted: false);
        var stranger = TlsSystem("stranger", strangerFiles with { Ca = strangerFiles.Ca });
        await Assert.ThrowsAsync<ActorNotFoundException>(() => stranger.ActorSelection($"{b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(3)));
        Assert.True(b.Remote!.Violations > 0 || stranger.Remote!.Violations > 0);
    }
}
