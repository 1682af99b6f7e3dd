using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Remoting for one actor system: listens on <c>actornet:remote:hostname/port</c>, keeps one association
/// (and one connection) per peer node, resolves paths on the wire to local or remote references, and
/// tracks remote death watch so that losing a node terminates the watches on its actors.
/// </summary>
internal sealed class RemoteTransport
{
    // The listening socket.
    private Socket? _listener;
    // Associations by peer address.
    private readonly ConcurrentDictionary<Address, Association> _associations = new();
    // Remote references by path text (temp paths of asks are not cached).
    private readonly ConcurrentDictionary<string, RemoteActorRef> _remoteRefs = new(StringComparer.Ordinal);
    // Local recipients by path text.
    private readonly ConcurrentDictionary<string, IInternalActorRef> _localRefs = new(StringComparer.Ordinal);
    // Local watchers of remote actors, per remote node: (watchee, watcher) pairs.
    private readonly ConcurrentDictionary<Address, ConcurrentDictionary<(IActorRef Watchee, IActorRef Watcher), byte>> _watches = new();
    // Inbound connections still in their handshake or running, so shutdown can close them.
    private readonly ConcurrentDictionary<Connection, byte> _inbound = new();
    // Canceled on shutdown.
    private readonly CancellationTokenSource _stop = new();
    // Frames rejected since start (oversize, malformed, unauthenticated); for tests and status.
    private long _violations;

    public RemoteTransport(ActorSystem system, RemoteSettings settings)
    {
        System = system;
        Settings = settings;
        Log = system.LoggerFactory.CreateLogger("ActorNet.Actors.Remote");
        SecretKey = Handshake.Key(settings.Secret);
        Tls = settings.TlsEnabled ? new TlsSetup(settings) : null;
    }

    public ActorSystem System { get; }
    public RemoteSettings Settings { get; }
    public ILogger Log { get; }
    public byte[] SecretKey { get; }
    public TlsSetup? Tls { get; }
    public bool Stopping => _stop.IsCancellationRequested;
    public CancellationToken StopToken => _stop.Token;
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>Binds the listening socket and returns the address it is reachable at (port 0 resolved).</summary>
    /// <exception cref="InvalidOperationException">A non-loopback address without a secret.</exception>
    public Address Bind()
    {
        var ip = IPAddress.TryParse(Settings.Hostname, out var parsed) ? parsed
            : Dns.GetHostAddresses(Settings.Hostname).FirstOrDefault()
              ?? throw new InvalidOperationException($"actornet:remote:hostname '{Settings.Hostname}' does not resolve");
        if (!IPAddress.IsLoopback(ip) && Settings.Secret is null)
            throw new InvalidOperationException(
                $"refusing to bind {Settings.Hostname}: a non-loopback address requires actornet:remote:secret (or ACTORNET_SECRET)");
        if (Settings.Secret is null)
            Log.NoSecret(Settings.Hostname);
        var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(ip, Settings.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return new Address(Address.TcpProtocol, System.Name, Settings.Hostname, port);
    }

    /// <summary>Starts accepting connections (after the actor tree exists).</summary>
    public void Start()
    {
        Log.Listening(System.Address);
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!Stopping)
        {
            Socket socket;
            try { socket = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (Stopping) return;
                Log.AcceptFailed(error.Message);
                continue;
            }
            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var connection = new Connection(this, socket, outbound: false, expectedPeer: null);
        _inbound[connection] = 0;
        try
        {
            await connection.AuthenticateAsync().ConfigureAwait(false);
            if (Stopping) { connection.Close(); return; }
            AssociationFor(connection.Peer!).Attach(connection);
        }
        catch (ProtocolViolationException violation)
        {
            LogViolation(connection, violation.Message);
            connection.Close();
        }
        finally
        {
            _inbound.TryRemove(connection, out _);
        }
    }

    public async Task<Connection> ConnectAsync(Address peer)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(peer.Host, peer.Port, _stop.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new Connection(this, socket, outbound: true, expectedPeer: peer);
        try
        {
            await connection.AuthenticateAsync().ConfigureAwait(false);
            return connection;
        }
        catch (ProtocolViolationException violation)
        {
            LogViolation(connection, violation.Message);
            connection.Close();
            throw;
        }
    }

    public void LogViolation(Connection connection, string reason)
    {
        Interlocked.Increment(ref _violations);
        Log.ProtocolViolation(connection, reason);
    }

    public Association AssociationFor(Address peer)
    {
        while (true)
        {
            var association = _associations.GetOrAdd(peer, static (p, t) => new Association(t, p), this);
            if (!association.IsLost) return association;
            _associations.TryRemove(new KeyValuePair<Address, Association>(peer, association));
        }
    }

    public IActorRef RefFor(ActorPath path) =>
        path.Equals(ActorRefs.NoSender.Path) ? ActorRefs.NoSender
        : System.IsLocalAddress(path.Address) ? System.ResolvePath(path)
        : RemoteRef(path.ToString(), path);

    // "No sender" written as a reference inside a message (e.g. carried with a handed-off entity's state) must stay no
    // sender on this side, not become a remote reference to an unreachable "nobody" node that replies would be sent to.
    private static readonly string NoSenderPath = ActorRefs.NoSender.Path.ToString();

    private RemoteActorRef RemoteRef(string text, ActorPath? parsed = null)
    {
        if (_remoteRefs.TryGetValue(text, out var cached)) return cached;
        var reference = new RemoteActorRef(this, parsed ?? ActorPath.Parse(text));
        if (!text.Contains("/temp/", StringComparison.Ordinal)) _remoteRefs.TryAdd(text, reference);
        return reference;
    }

    /// <summary>The reference for a sender (or any) path received on the wire.</summary>
    public IActorRef ResolveSender(string path)
    {
        if (_remoteRefs.TryGetValue(path, out var cached)) return cached;
        if (path == NoSenderPath) return ActorRefs.NoSender;
        try
        {
            var parsed = ActorPath.Parse(path);
            return System.IsLocalAddress(parsed.Address) ? RefFor(parsed) : RemoteRef(path, parsed);
        }
        catch (FormatException error)
        {
            throw new ProtocolViolationException($"malformed actor path '{path}': {error.Message}", error);
        }
    }

    /// <summary>The live local actor at a path received on the wire, or null.</summary>
    public IInternalActorRef? ResolveLocal(string path)
    {
        if (_localRefs.TryGetValue(path, out var cached))
        {
            if (cached is not LocalActorRef { IsTerminated: true }) return cached;
            _localRefs.TryRemove(path, out _);
        }
        ActorPath parsed;
        try { parsed = ActorPath.Parse(path); }
        catch (FormatException error) { throw new ProtocolViolationException($"malformed actor path '{path}': {error.Message}", error); }
        if (!System.IsLocalAddress(parsed.Address)) return null;
        if (System.FindLocal(parsed.Elements) is not IInternalActorRef found || found is LocalActorRef { IsTerminated: true }) return null;
        if (found is LocalActorRef && _localRefs.Count < 100_000) _localRefs.TryAdd(path, found);
        return found;
    }

    public void RegisterWatch(IActorRef watchee, IActorRef watcher) =>
        _watches.GetOrAdd(watchee.Path.Address, _ => new())[(watchee, watcher)] = 0;

    public void UnregisterWatch(IActorRef watchee, IActorRef watcher)
    {
        if (_watches.TryGetValue(watchee.Path.Address, out var set)) set.TryRemove((watchee, watcher), out _);
    }

    public bool HasWatchesOn(Address peer) => _watches.TryGetValue(peer, out var set) && !set.IsEmpty;

    /// <summary>A peer is gone: every local watch on its actors ends with an address-terminated <see cref="Terminated"/>.</summary>
    public void OnAssociationLost(Association association)
    {
        _associations.TryRemove(new KeyValuePair<Address, Association>(association.Peer, association));
        if (!_watches.TryRemove(association.Peer, out var set)) return;
        foreach (var (watchee, watcher) in set.Keys)
            if (watcher is IInternalActorRef target)
                target.SendSystemMessage(new Dispatch.DeathWatchNotification(watchee, ExistenceConfirmed: true, AddressTerminated: true));
    }

    /// <summary>Cuts every live connection without telling anyone, as a network failure would (used by tests).</summary>
    internal void DropConnections()
    {
        foreach (var association in _associations.Values) association.DropConnection();
    }

    /// <summary>Stops accepting, lets queued messages leave (bounded), and closes every connection.</summary>
    public async Task StopAsync()
    {
        if (Stopping) return;
        _stop.Cancel();
        _listener?.Dispose();
        foreach (var connection in _inbound.Keys) connection.Close();
        await Task.WhenAll(_associations.Values.Select(a => a.StopAsync(TimeSpan.FromSeconds(2)))).ConfigureAwait(false);
        Log.Stopped(System.Address);
    }
}
