using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>
/// A hand-played data plane peer on a raw socket: it runs the handshake (as client or server) with a given secret and
/// then writes and reads frames byte by byte, so tests can send what a real node never would and read what a node sends.
/// </summary>
internal sealed class FakePeer : IAsyncDisposable
{
    private readonly Socket _socket;
    public NetworkStream Stream { get; }

    private FakePeer(Socket socket)
    {
        _socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to <paramref name="node"/> and authenticates as a client.</summary>
    public static async Task<FakePeer> ConnectAsync(DataPlaneAddress node, string? secret, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node.Host, node.Port, cancellationToken);
        var peer = new FakePeer(socket);
        await peer.HandshakeAsync(secret, asServer: false, "127.0.0.1:1", cancellationToken);
        return peer;
    }

    /// <summary>Connects without any handshake (to send garbage).</summary>
    public static async Task<FakePeer> ConnectRawAsync(DataPlaneAddress node, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node.Host, node.Port, cancellationToken);
        return new FakePeer(socket);
    }

    /// <summary>Accepts a connection on <paramref name="listener"/> and authenticates as a server.</summary>
    public static async Task<FakePeer> AcceptAsync(Socket listener, string? secret, CancellationToken cancellationToken)
    {
        var socket = await listener.AcceptAsync(cancellationToken);
        var peer = new FakePeer(socket);
        await peer.HandshakeAsync(secret, asServer: true, ((IPEndPoint)listener.LocalEndPoint!).ToString(), cancellationToken);
        return peer;
    }

    /// <summary>A listening socket on 127.0.0.1 for a fake server, with a small receive buffer so a large body stalls its sender.</summary>
    public static Socket Listen()
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        return listener;
    }

    private async Task HandshakeAsync(string? secret, bool asServer, string own, CancellationToken cancellationToken)
    {
        var key = Handshake.Key(secret);
        var nonce = Handshake.NewNonce();
        await Stream.WriteAsync(Handshake.Hello(nonce, own), cancellationToken);
        var fixedPart = new byte[Handshake.HelloFixedSize];
        await Stream.ReadExactlyAsync(fixedPart, cancellationToken);
        var address = new byte[Handshake.ReadHelloFixed(fixedPart, out var peerNonce)];
        await Stream.ReadExactlyAsync(address, cancellationToken);
        string peer = Encoding.UTF8.GetString(address);
        await Stream.WriteAsync(Handshake.Prove(key, peerNonce, nonce, asServer, own, peer), cancellationToken);
        var proof = new byte[Handshake.ProofSize];
        await Stream.ReadExactlyAsync(proof, cancellationToken);
        if (!Handshake.Verify(key, nonce, peerNonce, !asServer, peer, own, proof)) throw new InvalidOperationException("the node's proof did not verify");
    }

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => Stream.WriteAsync(bytes, cancellationToken).AsTask();

    /// <summary>A chunk frame of <paramref name="payload"/> for transfer <paramref name="id"/>.</summary>
    public static byte[] Chunk(ulong id, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Frames.PrefixSize + payload.Length];
        Frames.ChunkPrefix(frame, id, payload.Length);
        payload.CopyTo(frame.AsSpan(Frames.PrefixSize));
        return frame;
    }

    /// <summary>Reads one whole frame: its type, id and what follows the id.</summary>
    public async Task<(FrameType Type, ulong Id, byte[] Body)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var prefix = new byte[Frames.PrefixSize];
        await Stream.ReadExactlyAsync(prefix, cancellationToken);
        Frames.ReadPrefix(prefix, out uint length, out var type, out ulong id);
        var rest = new byte[length - Frames.MinLength];
        await Stream.ReadExactlyAsync(rest, cancellationToken);
        return (type, id, rest);
    }

    /// <summary>True once the node closed the connection (orderly or reset); false if it stayed open for the whole bound.</summary>
    public async Task<bool> ClosedByNodeAsync(TimeSpan bound)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            while (true)
                if (await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0) return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
