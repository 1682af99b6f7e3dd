using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorNet.DataPlane.Wire;
using ProtocolViolationException = ActorNet.DataPlane.Wire.ProtocolViolationException;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorNet.DataPlane;

/// <summary>
/// One process's end of the data plane: a listener serving registered services, and one pooled, authenticated connection
/// per peer it sends requests to, on which any number of requests are in flight at once, their bodies interleaved chunk
/// by chunk. Akka messages describe transfers; this moves their bytes.
/// </summary>
public sealed class DataPlaneNode : IAsyncDisposable
{
    private readonly DataPlaneOptions _options;
    private readonly ILogger _log;
    private readonly Socket _listener;
    // Registered services by name.
    private readonly ConcurrentDictionary<string, IBlockHandler> _services = new(StringComparer.Ordinal);
    // The connection to each peer this node sends requests to (created on first use, replaced once lost).
    private readonly ConcurrentDictionary<DataPlaneAddress, Lazy<Task<ClientSession>>> _outbound = new();
    // Every connection running, with how to close it (removed when it ends).
    private readonly ConcurrentDictionary<object, (Task Running, Action<string> Close)> _live = new();
    // Canceled by DisposeAsync.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private long _violations;

    private DataPlaneNode(DataPlaneOptions options, Socket listener, DataPlaneAddress bound)
    {
        _options = options;
        _listener = listener;
        BoundAddress = bound;
        Address = new DataPlaneAddress(options.PublicHost ?? bound.Host, options.PublicPort ?? bound.Port);
        _log = options.LoggerFactory?.CreateLogger("ActorNet.DataPlane") ?? NullLogger.Instance;
        if (Address == bound) DataPlaneLog.Listening(_log, bound);
        else DataPlaneLog.ListeningBehind(_log, bound, Address);
        if (options.Secret is null) DataPlaneLog.NoSecret(_log, Address);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// The address this node advertises and announces in every handshake, the one peers connect to:
    /// <see cref="DataPlaneOptions.PublicHost"/>:<see cref="DataPlaneOptions.PublicPort"/> where set, otherwise
    /// <see cref="BoundAddress"/>.
    /// </summary>
    public DataPlaneAddress Address { get; }

    /// <summary>Where this node listens (with the port picked when <see cref="DataPlaneOptions.Port"/> was 0).</summary>
    public DataPlaneAddress BoundAddress { get; }

    /// <summary>Connections closed because the peer failed the handshake or broke the protocol (each also logged once).</summary>
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>Binds and starts listening.</summary>
    /// <exception cref="ArgumentException">An option is invalid, or the host is not loopback and there is no secret.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static DataPlaneNode Start(DataPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ip = options.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(options.Host, out var parsed) ? parsed
            : throw new ArgumentException($"DataPlaneOptions.Host '{options.Host}' is not an IP address (or localhost)");
        var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(ip, options.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return new DataPlaneNode(options, listener, new DataPlaneAddress(options.Host == "localhost" ? "127.0.0.1" : options.Host, port));
    }

    /// <summary>Serves requests for <paramref name="service"/> with <paramref name="handler"/> from now on.</summary>
    /// <exception cref="ArgumentException">The name is empty or longer than 255 UTF-8 bytes.</exception>
    /// <exception cref="InvalidOperationException">The service is already registered.</exception>
    public void Register(string service, IBlockHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ServiceBytes(service);
        if (!_services.TryAdd(service, handler)) throw new InvalidOperationException($"data plane service '{service}' is already registered");
    }

    /// <summary>
    /// Sends a request to <paramref name="service"/> on <paramref name="peer"/> and returns its reply. The body is sent
    /// straight from its array, which must not change until this returns. A float reply of exactly the
    /// <paramref name="landing"/>'s length is read straight into it (<see cref="BlockReply.Landed"/>); otherwise a float
    /// reply arrives in a pooled array the caller owns.
    /// </summary>
    /// <exception cref="DataPlaneException">The peer's handler failed (<see cref="DataPlaneException.IsRemote"/>), or the connection could not be made, was refused, or was lost.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first (a landing the reply had begun to fill is then <see cref="ReplyLanding.WasAbandonedMidWrite"/>).</exception>
    public async Task<BlockReply> RequestAsync(DataPlaneAddress peer, string service, ReadOnlyMemory<byte> header,
        BlockBody body = default, ReplyLanding? landing = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var serviceBytes = ServiceBytes(service);
        if (header.Length > _options.MaxHeaderBytes)
            throw new ArgumentException($"request header of {header.Length} bytes exceeds MaxHeaderBytes {_options.MaxHeaderBytes}", nameof(header));
        if (body.ByteLength > _options.MaxBodyBytes)
            throw new ArgumentException($"request body of {body.ByteLength} bytes exceeds MaxBodyBytes {_options.MaxBodyBytes}", nameof(body));
        cancellationToken.ThrowIfCancellationRequested();
        var session = await SessionAsync(peer, cancellationToken).ConfigureAwait(false);
        return await session.RequestAsync(serviceBytes, service, header, body, landing, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] ServiceBytes(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        var bytes = Encoding.UTF8.GetBytes(service);
        if (bytes.Length > 255) throw new ArgumentException($"service name '{service[..32]}...' is longer than 255 UTF-8 bytes", nameof(service));
        return bytes;
    }

    private async Task<ClientSession> SessionAsync(DataPlaneAddress peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _outbound.GetOrAdd(peer, p => new Lazy<Task<ClientSession>>(() => ConnectAsync(p)));
            ClientSession session;
            try
            {
                session = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _outbound.TryRemove(new KeyValuePair<DataPlaneAddress, Lazy<Task<ClientSession>>>(peer, entry)); // the next request tries again
                throw;
            }
            if (!session.IsLost) return session;
            _outbound.TryRemove(new KeyValuePair<DataPlaneAddress, Lazy<Task<ClientSession>>>(peer, entry));
        }
    }

    private async Task<ClientSession> ConnectAsync(DataPlaneAddress peer)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        Connection connection;
        try
        {
            await socket.ConnectAsync(peer.Host, peer.Port, linked.Token).ConfigureAwait(false);
            connection = await Connection.AuthenticateAsync(socket, outbound: true, _options, Address.ToString(), linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException or ProtocolViolationException)
        {
            socket.Dispose();
            string why = error is OperationCanceledException && timeout.IsCancellationRequested ? $"not connected within {_options.ConnectTimeout}"
                : error is OperationCanceledException ? "the node is stopping" : error.Message;
            throw new DataPlaneException($"could not connect to data plane {peer}: {why}", error);
        }
        var session = new ClientSession(connection, _options);
        Track(session, session.RunAsync, session.Close, connection.ToString());
        return session;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException error)
            {
                DataPlaneLog.AcceptFailed(_log, error.Message);
                continue;
            }
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        string remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Connection connection;
        try
        {
            connection = await Connection.AuthenticateAsync(socket, outbound: false, _options, Address.ToString(), _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ProtocolViolationException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            if (error is ProtocolViolationException && !_stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref _violations);
                DataPlaneLog.HandshakeRefused(_log, remote, error.Message);
            }
            return;
        }
        var session = new ServerSession(connection, _options, name => _services.GetValueOrDefault(name), _log);
        Track(session, session.RunAsync, session.Close, $"{connection} ({remote})");
    }

    // Runs a connection until it ends, logging how, and closes it when the node stops.
    private void Track(object key, Func<Task<(string Reason, bool Violation)>> run, Action<string> close, string name)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Task.Run(async () =>
        {
            await started.Task.ConfigureAwait(false);
            var (reason, violation) = await run().ConfigureAwait(false);
            if (violation)
            {
                Interlocked.Increment(ref _violations);
                DataPlaneLog.ProtocolViolation(_log, name, reason);
            }
            else
            {
                DataPlaneLog.ConnectionEnded(_log, name, reason);
            }
            _live.TryRemove(key, out _);
        });
        _live[key] = (running, close);
        started.SetResult();
        if (_stopping.IsCancellationRequested) close("the node is stopping");
    }

    /// <summary>Stops listening, closes every connection (failing pending requests) and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        foreach (var (_, (_, close)) in _live) close("the node is stopping");
        await Task.WhenAll(_live.Values.Select(live => live.Running)).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
