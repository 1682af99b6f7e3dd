using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorNet.ControlPlane;

/// <summary>
/// TLS certificates that prove knowledge of the cluster secret. When only <c>actornet.remote.secret</c> is set, each
/// node makes a fresh self-signed certificate at start and puts into it an HMAC of its own public key under the
/// secret; a peer accepts a certificate only when that proof checks out. TLS itself proves that the peer holds the
/// certificate's private key, so a copied certificate is useless to whoever lacks the key, and nobody without the
/// secret can make a certificate that passes.
/// </summary>
public static class SecretCertificate
{
    // A UUID-based object identifier (ITU-T X.667, arc 2.25): ours without registration.
    private const string ProofOid = "2.25.270326924571279705351787488398306793904";
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("actornet.remote.certificate.v1");

    /// <summary>Makes a node certificate (ECDSA P-256, valid for a day around now) carrying the proof of <paramref name="secret"/>.</summary>
    public static X509Certificate2 Create(string secret, string subjectName = "actornet-node")
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        var publicKey = request.PublicKey.ExportSubjectPublicKeyInfo();
        request.CertificateExtensions.Add(new X509Extension(ProofOid, Proof(secret, publicKey), critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client auth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is a persisted one that every TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Whether <paramref name="certificate"/> carries a valid proof of <paramref name="secret"/> for its own public key.</summary>
    public static bool HasProof(X509Certificate2? certificate, string secret)
    {
        if (certificate is null) return false;
        var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == ProofOid);
        if (extension is null) return false;
        var expected = Proof(secret, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        return CryptographicOperations.FixedTimeEquals(expected, extension.RawData);
    }

    private static byte[] Proof(string secret, byte[] subjectPublicKeyInfo)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        hmac.TransformBlock(Context, 0, Context.Length, null, 0);
        hmac.TransformFinalBlock(subjectPublicKeyInfo, 0, subjectPublicKeyInfo.Length);
        return hmac.Hash!;
    }
}
