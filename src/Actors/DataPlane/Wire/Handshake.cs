using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActorNet.DataPlane.Wire;

/// <summary>
/// The mutual HMAC-SHA256 challenge-response every data plane connection runs before anything else. Each side sends a
/// Hello (<c>"ANDP" | version | 32-byte nonce | u8 length | its listening address</c>, at most 293 bytes, read with a fixed
/// bound), then a 32-byte proof: the HMAC, keyed with the cluster secret (empty without one), of a label, the other
/// side's nonce, its own nonce, its role and both addresses. The role stops a proof from being reflected back on a second
/// connection, the label from being replayed to the actor remoting's handshake (and back), and the nonces from being reused.
/// </summary>
internal static class Handshake
{
    public const byte Version = 1;
    public const int NonceSize = 32;
    public const int ProofSize = 32;
    // magic, version, nonce, address length.
    public const int HelloFixedSize = 4 + 1 + NonceSize + 1;
    private static ReadOnlySpan<byte> Magic => "ANDP"u8;
    private static readonly byte[] s_label = Encoding.ASCII.GetBytes("actornet-dataplane-handshake-v1");

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public static byte[] Key(string? secret) => secret is null ? [] : Encoding.UTF8.GetBytes(secret);

    public static byte[] Hello(byte[] nonce, string address)
    {
        var addressBytes = Encoding.UTF8.GetBytes(address);
        if (addressBytes.Length > 255) throw new ArgumentException($"address '{address}' is longer than 255 bytes");
        var hello = new byte[HelloFixedSize + addressBytes.Length];
        Magic.CopyTo(hello);
        hello[4] = Version;
        nonce.CopyTo(hello, 5);
        hello[HelloFixedSize - 1] = (byte)addressBytes.Length;
        addressBytes.CopyTo(hello, HelloFixedSize);
        return hello;
    }

    /// <summary>Checks the fixed part of a peer's Hello and returns the length of the address that follows it.</summary>
    public static int ReadHelloFixed(ReadOnlySpan<byte> fixedPart, out byte[] nonce)
    {
        if (!fixedPart[..4].SequenceEqual(Magic)) throw new ProtocolViolationException("the peer does not speak the data plane protocol (bad magic)");
        if (fixedPart[4] != Version) throw new ProtocolViolationException($"the peer speaks data plane protocol version {fixedPart[4]}, this node {Version}");
        nonce = fixedPart.Slice(5, NonceSize).ToArray();
        return fixedPart[HelloFixedSize - 1];
    }

    /// <summary>The proof a side (server or client) gives for the other side's nonce.</summary>
    public static byte[] Prove(byte[] key, ReadOnlySpan<byte> otherNonce, ReadOnlySpan<byte> ownNonce, bool fromServer, string ownAddress, string otherAddress)
    {
        var own = Encoding.UTF8.GetBytes(ownAddress);
        var other = Encoding.UTF8.GetBytes(otherAddress);
        var data = new byte[s_label.Length + 2 * NonceSize + 1 + 4 + own.Length + 4 + other.Length];
        var span = data.AsSpan();
        s_label.CopyTo(span);
        span = span[s_label.Length..];
        otherNonce.CopyTo(span);
        ownNonce.CopyTo(span[NonceSize..]);
        span[2 * NonceSize] = fromServer ? (byte)'S' : (byte)'C';
        span = span[(2 * NonceSize + 1)..];
        BinaryPrimitives.WriteInt32LittleEndian(span, own.Length);
        own.CopyTo(span[4..]);
        span = span[(4 + own.Length)..];
        BinaryPrimitives.WriteInt32LittleEndian(span, other.Length);
        other.CopyTo(span[4..]);
        return HMACSHA256.HashData(key, data);
    }

    /// <summary>Checks the other side's proof in constant time.</summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> ownNonce, ReadOnlySpan<byte> otherNonce, bool otherIsServer, string otherAddress, string ownAddress, ReadOnlySpan<byte> proof) =>
        CryptographicOperations.FixedTimeEquals(Prove(key, ownNonce, otherNonce, otherIsServer, otherAddress, ownAddress), proof);
}
