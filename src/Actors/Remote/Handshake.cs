using System.Security.Cryptography;
using System.Text;

namespace ActorNet.Actors.Remote;

/// <summary>
/// The HMAC-SHA256 challenge-response both sides run before anything else: each sends a random nonce and
/// proves knowledge of the shared secret by MACing the other side's nonce together with both addresses
/// (so a proof cannot be replayed on another connection or reflected back).
/// </summary>
internal static class Handshake
{
    // 2: a BulkStart may carry array tails (records with large primitive arrays); a version-1 node would misread them.
    public const uint ProtocolVersion = 2;
    public const int NonceSize = 32;
    // Handshake frames are tiny; anything bigger before authentication is an attack or garbage.
    public const int MaxHandshakeFrame = 1024;
    private static readonly byte[] s_label = Encoding.ASCII.GetBytes("actornet-handshake-v1");

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public static byte[] Key(string? secret) => secret is null ? [] : Encoding.UTF8.GetBytes(secret);

    /// <summary>The proof the sender of <paramref name="senderAddress"/> gives for the receiver's nonce.</summary>
    public static byte[] Prove(byte[] key, ReadOnlySpan<byte> receiverNonce, string senderAddress, string receiverAddress)
    {
        var data = new List<byte>(s_label.Length + receiverNonce.Length + 128);
        data.AddRange(s_label);
        data.AddRange(receiverNonce.ToArray());
        data.AddRange(Encoding.UTF8.GetBytes(senderAddress));
        data.Add(0);
        data.AddRange(Encoding.UTF8.GetBytes(receiverAddress));
        return HMACSHA256.HashData(key, data.ToArray());
    }

    /// <summary>Checks a peer's proof in constant time.</summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> ownNonce, string peerAddress, string ownAddress, ReadOnlySpan<byte> proof) =>
        CryptographicOperations.FixedTimeEquals(Prove(key, ownNonce, peerAddress, ownAddress), proof);
}
