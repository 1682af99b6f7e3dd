using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Everything this node sends to one peer node: a bounded queue of small messages, a queue of large
/// payloads for the bulk lane, and the single connection they travel on (connected on demand,
/// reconnected with exponential backoff, declared lost when the backoff reaches its maximum and fails).
/// </summary>
internal sealed partial class Association
{
    // The transport that owns this association.
    private readonly RemoteTransport _transport;
    // Small messages and control frames, bounded by outbound-queue-size (senders wait when it is full).
    private readonly Channel<OutboundMessage> _small;
    // Large payloads waiting for the bulk lane.
    private readonly ConcurrentQueue<OutboundMessage> _bulk = new();
    // Bounds the large payloads queued at once (each can be hundreds of MB, referenced not copied).
    private readonly SemaphoreSlim _bulkSlots = new(16, 16);
    // Guards _current and _connecting.
    private readonly Lock _gate = new();
    // The live connection, or null.
    private Connection? _current;
    // True while a connect loop runs.
    private bool _connecting;
    // True once the peer was declared lost; the transport then forgets this association.
    private volatile bool _lost;
    // The run of the current connection (reader + writer), awaited on shutdown.
    private Task _run = Task.CompletedTask;

    public Association(RemoteTransport transport, Address peer)
    {
        _transport = transport;
        Peer = peer;
        _small = Channel.CreateBounded<OutboundMessage>(new BoundedChannelOptions(transport.Settings.OutboundQueueSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Address Peer { get; }

    private ILogger Log => _transport.Log;

    public bool IsLost => _lost;

    /// <summary>
    /// Queues a message. When the queue (or the bulk lane) is full: a plain thread waits for room (backpressure,
    /// bounded by the handshake timeout), then gives up to dead letters; an actor's thread (a handler, or its
    /// async continuation) drops to dead letters at once, as Akka does, because waiting there would stall the
    /// actor for the whole timeout, e.g. the cluster daemon's heartbeats to every other node while one peer is
    /// stopped (SIGSTOP: its kernel still accepts, nobody reads).
    /// </summary>
    public void Send(OutboundMessage message)
    {
        bool mayWait = ActorCell.Current is null;
        if (message.Message is Array array && RawArrayBytes(array) > _transport.Settings.BulkChunkSize)
        {
            if (!_bulkSlots.Wait(mayWait ? _transport.Settings.HandshakeTimeout : TimeSpan.Zero))
            {
                DroppedWhileFull(message, "the bulk lane is full");
                return;
            }
            _bulk.Enqueue(message);
            message = OutboundMessage.BulkWakeUp;
        }
        if (!_small.Writer.TryWrite(message) && !(mayWait && WaitForRoom(message)))
        {
            DroppedWhileFull(message, mayWait ? $"the outbound queue (outbound-queue-size {_transport.Settings.OutboundQueueSize}) stayed full"
                : $"the outbound queue (outbound-queue-size {_transport.Settings.OutboundQueueSize}) is full and an actor never waits for it");
            return;
        }
        if (Volatile.Read(ref _dropsWhileFull) != 0) Volatile.Write(ref _dropsWhileFull, 0);
        EnsureConnected();
    }

    /// <summary>Backpressure for a plain thread: waits for room, bounded so a dead peer cannot hang it forever; false when it stayed full.</summary>
    private bool WaitForRoom(OutboundMessage message)
    {
        var deadline = DateTime.UtcNow + _transport.Settings.HandshakeTimeout;
        while (!_small.Writer.TryWrite(message))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_small.Writer.WaitToWriteAsync().AsTask().Wait(left)) return false;
        }
        return true;
    }

    // Messages dropped since the queue last accepted one: only the first of such a run is logged (the rest
    // still become dead letters, which are counted and logged up to their own limit).
    private int _dropsWhileFull;

    private void DroppedWhileFull(OutboundMessage message, string why)
    {
        bool first = Interlocked.Increment(ref _dropsWhileFull) == 1;
        DeadLetter(message, first ? why + "; further drops to this node are not logged until a message is queued again" : null);
    }

    private static long RawArrayBytes(Array array) => array switch
    {
        byte[] or float[] or double[] or int[] or long[] => (long)array.Length * System.Runtime.InteropServices.Marshal.SizeOf(array.GetType().GetElementType()!),
        _ => 0,
    };

    /// <summary>Publishes a message that cannot be sent as a dead letter, logging why unless <paramref name="why"/> is null.</summary>
    private void DeadLetter(OutboundMessage message, string? why)
    {
        if (message.Message is null) return;
        if (why is not null) Log.MessageDropped(message.Message.GetType().Name, message.Recipient, why);
        _transport.System.DeadLetterRef.Publish(message.Message, message.Sender ?? ActorRefs.NoSender, _transport.RefFor(ActorPath.Parse(message.Recipient)));
    }

    private void EnsureConnected()
    {
        if (Volatile.Read(ref _current) is not null) return;
        lock (_gate)
        {
            if (_current is not null || _connecting || _lost || _transport.Stopping) return;
            _connecting = true;
        }
        _ = ConnectLoopAsync(afterLoss: false);
    }

    private async Task ConnectLoopAsync(bool afterLoss)
    {
        var settings = _transport.Settings;
        var delay = afterLoss ? settings.ReconnectBackoffMin : TimeSpan.Zero;
        while (!_transport.Stopping)
        {
            if (delay > TimeSpan.Zero)
            {
                try { await Task.Delay(delay, _transport.System.TimeProvider, _transport.StopToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            try
            {
                var connection = await _transport.ConnectAsync(Peer).ConfigureAwait(false);
                if (Attach(connection)) return;
                lock (_gate)
                {
                    if (_current is not null) { _connecting = false; return; }
                }
            }
            catch (Exception error) when (error is ProtocolViolationException or System.Net.Sockets.SocketException or IOException or OperationCanceledException)
            {
                Log.ConnectFailed(Peer, error.Message);
            }
            if (delay >= settings.ReconnectBackoffMax)
            {
                Lose($"no connection after backing off to {settings.ReconnectBackoffMax}");
                return;
            }
            delay = delay == TimeSpan.Zero ? settings.ReconnectBackoffMin : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.ReconnectBackoffMax.Ticks));
        }
        lock (_gate) _connecting = false;
    }

    /// <summary>
    /// Adopts an authenticated connection. When both nodes connected at once, both keep the connection
    /// opened by the node with the lower address, so a pair ends up with one connection.
    /// </summary>
    public bool Attach(Connection connection)
    {
        Connection? replaced = null;
        lock (_gate)
        {
            if (_lost)
            {
                connection.Close();
                return false;
            }
            if (_current is { IsClosed: false } existing)
            {
                bool existingByLower = OpenedByLowerAddress(existing);
                if (existingByLower != OpenedByLowerAddress(connection) && existingByLower)
                {
                    connection.Close();
                    return false;
                }
                replaced = existing;
            }
            _current = connection;
            _connecting = false;
        }
        replaced?.Close();
        _run = Task.Run(() => RunAsync(connection));
        return true;
    }

    private bool OpenedByLowerAddress(Connection connection)
    {
        string own = _transport.System.Address.ToString(), peer = Peer.ToString();
        string opener = connection.Outbound ? own : peer, other = connection.Outbound ? peer : own;
        return string.CompareOrdinal(opener, other) < 0;
    }

    private async Task RunAsync(Connection connection)
    {
        var reading = Task.Run(() => connection.ReadLoopAsync(new InboundDispatcher(_transport, connection)));
        var writing = WriteLoopAsync(connection);
        var first = await Task.WhenAny(reading, writing).ConfigureAwait(false);
        connection.Close();
        try { await first.ConfigureAwait(false); }
        catch (ProtocolViolationException violation) { _transport.LogViolation(connection, violation.Message); }
        catch (Exception error) when (error is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Log.ConnectionEnded(connection, error.Message);
        }
        await Task.WhenAll(reading, writing).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        OnClosed(connection);
    }

    private void OnClosed(Connection connection)
    {
        bool reconnect;
        lock (_gate)
        {
            if (!ReferenceEquals(_current, connection)) return;
            _current = null;
            reconnect = !_lost && !_transport.Stopping && !_connecting
                && (_small.Reader.Count > 0 || !_bulk.IsEmpty || _transport.HasWatchesOn(Peer));
            if (reconnect) _connecting = true;
        }
        Log.ConnectionLost(Peer, reconnect ? "; reconnecting" : "");
        if (reconnect) _ = ConnectLoopAsync(afterLoss: true);
    }

    /// <summary>Declares the peer gone: queued messages become dead letters and watchers of its actors get Terminated.</summary>
    private void Lose(string reason)
    {
        lock (_gate)
        {
            _lost = true;
            _connecting = false;
        }
        Log.NodeLost(Peer, reason);
        _small.Writer.TryComplete();
        while (_small.Reader.TryRead(out var message)) DeadLetter(message, "the node is lost");
        while (_bulk.TryDequeue(out var message)) DeadLetter(message, "the node is lost");
        _transport.OnAssociationLost(this);
    }

    /// <summary>Closes the current connection abruptly (a simulated network failure).</summary>
    internal void DropConnection()
    {
        Connection? current;
        lock (_gate) current = _current;
        current?.Close();
    }

    /// <summary>Lets the writer send what is queued (bounded by <paramref name="drain"/>), then closes the connection.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        _small.Writer.TryComplete();
        Connection? current;
        lock (_gate) current = _current;
        if (current is null) return;
        try { await _run.WaitAsync(drain).ConfigureAwait(false); }
        catch (TimeoutException) { Log.DroppedAtShutdown(Peer); }
        current.Close();
    }
}
