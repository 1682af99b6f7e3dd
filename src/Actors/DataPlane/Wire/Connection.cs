using System.Net.Sockets;

namespace ActorNet.DataPlane.Wire;

/// <summary>
/// One authenticated TCP connection: the handshake (nothing else is read before the peer proved the secret), then a
/// <see cref="FrameReader"/> feeding the client or server side and a <see cref="ConnectionWriter"/>. Any failure closes
/// the connection, and only it.
/// </summary>
internal sealed class Connection
{
    // The accepted or connected socket, and the stream over it.
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    // Canceled when the connection closes, for whatever reason.
    private readonly CancellationTokenSource _closed = new();
    // Why it closed (the first reason given).
    private string? _closeReason;

    private Connection(Socket socket, NetworkStream stream, bool outbound, DataPlaneAddress peer, int chunkSize)
    {
        _socket = socket;
        _stream = stream;
        Outbound = outbound;
        Peer = peer;
        Writer = new ConnectionWriter(stream, chunkSize);
    }

    /// <summary>True when this node opened the connection (it sends requests on it).</summary>
    public bool Outbound { get; }

    /// <summary>The address the peer listens on, as it announced it in the handshake.</summary>
    public DataPlaneAddress Peer { get; }

    public ConnectionWriter Writer { get; }

    public CancellationToken Closed => _closed.Token;

    public string CloseReason => _closeReason ?? "open";

    /// <summary>Runs the handshake on <paramref name="socket"/> within the handshake timeout and wraps it; closes the socket on failure.</summary>
    /// <exception cref="ProtocolViolationException">The peer failed authentication, spoke something else, or was too slow.</exception>
    public static async Task<Connection> AuthenticateAsync(Socket socket, bool outbound, DataPlaneOptions options, string ownAddress, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var token = linked.Token;
        try
        {
            var key = Handshake.Key(options.Secret);
            var nonce = Handshake.NewNonce();
            await stream.WriteAsync(Handshake.Hello(nonce, ownAddress), token).ConfigureAwait(false);
            // Fixed-size reads: nothing past the handshake is read, and no length from the peer sizes a buffer beyond 255 bytes.
            var helloFixed = new byte[Handshake.HelloFixedSize];
            await stream.ReadExactlyAsync(helloFixed, token).ConfigureAwait(false);
            int addressLength = Handshake.ReadHelloFixed(helloFixed, out var peerNonce);
            var addressBytes = new byte[addressLength];
            await stream.ReadExactlyAsync(addressBytes, token).ConfigureAwait(false);
            string peerText = System.Text.Encoding.UTF8.GetString(addressBytes);
            DataPlaneAddress peer;
            try { peer = DataPlaneAddress.Parse(peerText); }
            catch (FormatException error) { throw new ProtocolViolationException($"the peer announced an invalid address: {error.Message}"); }

            await stream.WriteAsync(Handshake.Prove(key, peerNonce, nonce, fromServer: !outbound, ownAddress, peerText), token).ConfigureAwait(false);
            var proof = new byte[Handshake.ProofSize];
            await stream.ReadExactlyAsync(proof, token).ConfigureAwait(false);
            if (!Handshake.Verify(key, nonce, peerNonce, otherIsServer: outbound, peerText, ownAddress, proof))
                throw new ProtocolViolationException("authentication failed: the peer does not know this node's secret (or one side has none)");
            return new Connection(socket, stream, outbound, peer, options.ChunkSize);
        }
        catch (Exception error)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw error switch
            {
                ProtocolViolationException => error,
                OperationCanceledException when timeout.IsCancellationRequested => new ProtocolViolationException($"handshake not completed within {options.HandshakeTimeout}"),
                EndOfStreamException => new ProtocolViolationException("the peer closed the connection during the handshake (a wrong or missing secret?)"),
                IOException or SocketException => new ProtocolViolationException($"handshake failed: {error.Message}", error),
                _ => error,
            };
        }
    }

    /// <summary>
    /// Reads into <paramref name="sink"/> and writes until either side fails or the connection is closed; returns the
    /// reason it closed. Never throws: a protocol violation is a reason like any other, returned with Violation set.
    /// </summary>
    public async Task<(string Reason, bool Violation)> RunAsync(IFrameSink sink, DataPlaneOptions options)
    {
        var writing = RunWriterAsync();
        bool violation = false;
        string reason;
        try
        {
            var reader = new FrameReader(_stream, options.ChunkSize, options.MaxHeaderBytes);
            await reader.RunAsync(sink, _closed.Token).ConfigureAwait(false);
            reason = "the peer closed the connection";
        }
        catch (ProtocolViolationException error)
        {
            violation = true;
            reason = error.Message;
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = _closed.IsCancellationRequested ? CloseReason : $"read failed: {error.Message}";
        }
        Close(reason);
        await writing.ConfigureAwait(false);
        return (CloseReason, violation);
    }

    private async Task RunWriterAsync()
    {
        try
        {
            await Writer.RunAsync(_closed.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close(_closed.IsCancellationRequested ? CloseReason : $"write failed: {error.Message}");
        }
    }

    /// <summary>Closes the socket (the reader and writer end soon after); the first reason is kept.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null) return;
        Writer.Complete();
        try { _closed.Cancel(); } catch (AggregateException) { }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _stream.Dispose();
    }

    public override string ToString() => $"data plane connection {(Outbound ? "to" : "from")} {Peer}";
}
