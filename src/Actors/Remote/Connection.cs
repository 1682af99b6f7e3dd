using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using ActorNet.Actors.Remote.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.Remote;

/// <summary>
/// One authenticated TCP (optionally TLS) connection to a peer node, read and written through
/// System.IO.Pipelines. Nothing but the two handshake frames is read until the peer has proven it knows
/// the secret; any protocol violation closes the connection (and only it).
/// </summary>
internal sealed class Connection
{
    // The owning transport (settings, logging, dispatch).
    private readonly RemoteTransport _transport;
    // The accepted or connected socket.
    private readonly Socket _socket;
    // Canceled when the connection closes, for whatever reason.
    private readonly CancellationTokenSource _closed = new();
    // The stream under the pipes (NetworkStream or SslStream).
    private Stream? _stream;

    public Connection(RemoteTransport transport, Socket socket, bool outbound, Address? expectedPeer)
    {
        _transport = transport;
        _socket = socket;
        Outbound = outbound;
        ExpectedPeer = expectedPeer;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        socket.NoDelay = true;
    }

    /// <summary>True when this node opened the connection.</summary>
    public bool Outbound { get; }

    /// <summary>For outbound connections, whom we meant to reach.</summary>
    public Address? ExpectedPeer { get; }

    /// <summary>The peer's advertised address once authenticated.</summary>
    public Address? Peer { get; private set; }

    public string RemoteEndPoint { get; }

    /// <summary>The handshake's reader (frames after it are read by <see cref="ReadLoopAsync"/>).</summary>
    public PipeReader Input { get; private set; } = null!;

    public PipeWriter Output { get; private set; } = null!;

    /// <summary>
    /// Writes <paramref name="bytes"/> to the connection's stream itself, not through <see cref="Output"/>: a bulk chunk
    /// goes from its array to the socket without a copy into the pipe's buffer. <see cref="Output"/> must be flushed first.
    /// </summary>
    public ValueTask WriteDirectAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => _stream!.WriteAsync(bytes, cancellationToken);

    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>TLS (when enabled) and the HMAC handshake, bounded by handshake-timeout.</summary>
    /// <exception cref="ProtocolViolationException">The peer failed authentication or sent something else first.</exception>
    public async Task AuthenticateAsync()
    {
        var settings = _transport.Settings;
        using var timeout = new CancellationTokenSource(settings.HandshakeTimeout, _transport.System.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _closed.Token);
        var token = linked.Token;
        try
        {
            Stream stream = new NetworkStream(_socket, ownsSocket: true);
            if (settings.TlsEnabled)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                if (Outbound) await ssl.AuthenticateAsClientAsync(_transport.Tls!.ClientOptions(ExpectedPeer!.Host), token).ConfigureAwait(false);
                else await ssl.AuthenticateAsServerAsync(_transport.Tls!.ServerOptions(), token).ConfigureAwait(false);
                stream = ssl;
            }
            _stream = stream;
            Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024)); // the handshake only
            Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));

            string own = _transport.System.Address.ToString();
            var nonce = Handshake.NewNonce();
            FrameIO.Write(Output, FrameType.Hello, new Hello { ProtocolVersion = Handshake.ProtocolVersion, Address = own, Nonce = ByteString.CopyFrom(nonce) }, default);
            await Output.FlushAsync(token).ConfigureAwait(false);

            var hello = await ReadHandshakeFrameAsync(FrameType.Hello, Hello.Parser, token).ConfigureAwait(false);
            if (hello.ProtocolVersion != Handshake.ProtocolVersion)
                throw new ProtocolViolationException($"peer speaks protocol version {hello.ProtocolVersion}, this node {Handshake.ProtocolVersion}");
            if (!AddressSyntax.TryParse(hello.Address, out var peer, out var error) || peer.Protocol != Address.TcpProtocol)
                throw new ProtocolViolationException($"peer announced an invalid address '{hello.Address}': {error}");
            if (hello.Nonce.Length != Handshake.NonceSize) throw new ProtocolViolationException("peer nonce has the wrong size");
            if (ExpectedPeer is not null && !peer.Equals(ExpectedPeer))
                throw new ProtocolViolationException($"connected to {ExpectedPeer} but the peer is {peer}");

            var key = _transport.SecretKey;
            FrameIO.Write(Output, FrameType.Proof, new Proof { Mac = ByteString.CopyFrom(Handshake.Prove(key, hello.Nonce.Span, own, hello.Address)) }, default);
            await Output.FlushAsync(token).ConfigureAwait(false);

            var proof = await ReadHandshakeFrameAsync(FrameType.Proof, Proof.Parser, token).ConfigureAwait(false);
            if (!Handshake.Verify(key, nonce, hello.Address, own, proof.Mac.Span))
                throw new ProtocolViolationException("authentication failed: the peer does not know the cluster secret");
            Peer = peer;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new ProtocolViolationException($"handshake not completed within {settings.HandshakeTimeout}");
        }
        catch (Exception error) when (error is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            throw new ProtocolViolationException($"handshake failed: {error.Message}", error);
        }
    }

    private async Task<T> ReadHandshakeFrameAsync<T>(FrameType expected, MessageParser<T> parser, CancellationToken token) where T : IMessage<T>
    {
        while (true)
        {
            var result = await Input.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameIO.TryRead(ref buffer, Handshake.MaxHandshakeFrame, out var type, out var body))
            {
                if (type != expected) throw new ProtocolViolationException($"expected a {expected} frame during the handshake but got type {(byte)type}");
                T message = FrameIO.ReadHeader(body, parser, out _);
                Input.AdvanceTo(buffer.Start);
                return message;
            }
            if (result.IsCompleted) throw new ProtocolViolationException("connection closed during the handshake");
            Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Reads frames until the connection ends, handing each to <paramref name="dispatcher"/>. The pipe serves the handshake
    /// only; after it a <see cref="FrameReader"/> reads the stream, starting with what the pipe had read ahead.
    /// </summary>
    public async Task ReadLoopAsync(InboundDispatcher dispatcher)
    {
        var reader = new FrameReader(_stream!, _transport.Settings.MaximumFrameSize);
        if (Input.TryRead(out var ahead))
        {
            reader.Prepend(ahead.Buffer);
            Input.AdvanceTo(ahead.Buffer.End);
        }
        await reader.RunAsync(dispatcher, _closed.Token).ConfigureAwait(false);
    }

    public void Close()
    {
        if (_closed.IsCancellationRequested) return;
        try { _closed.Cancel(); } catch (AggregateException) { }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { _stream?.Dispose(); } catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        _socket.Dispose();
    }

    public override string ToString() => $"connection {(Outbound ? "to" : "from")} {Peer?.ToString() ?? RemoteEndPoint}";
}
