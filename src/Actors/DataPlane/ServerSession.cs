using ActorNet.DataPlane.Wire;
using Microsoft.Extensions.Logging;

namespace ActorNet.DataPlane;

/// <summary>
/// The serving side of one inbound connection: receives requests, runs their service's handler on the thread pool once a
/// body is whole, and sends the reply (or the handler's error) back with the request's id. An Abort from the client
/// drops the request wherever it is (body arriving, handler running, reply being written) and is answered with an
/// Abort, unless the reply was already written whole.
/// </summary>
internal sealed class ServerSession : IFrameSink
{
    /// <summary>A request received or being received, until its reply is written.</summary>
    private sealed class Inbound(ulong id, string service, byte[] header, BodyReceiver receiver)
    {
        public ulong Id { get; } = id;
        public string Service { get; } = service;
        public byte[] Header { get; } = header;
        public BodyReceiver Receiver { get; } = receiver;
        // Set when the handler runs: canceled by an Abort or the connection's end.
        public CancellationTokenSource? Handling { get; set; }
        public OutgoingTransfer? Reply { get; set; }
        public bool Aborted { get; set; }
    }

    private readonly Connection _connection;
    private readonly DataPlaneOptions _options;
    private readonly Func<string, IBlockHandler?> _handlers;
    private readonly ILogger _log;
    // Guards _requests and _bytesArriving (the reader adds, handlers and the writer remove).
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Inbound> _requests = [];
    // Body bytes announced by requests still arriving: bounded by MaxBodyBytes per connection.
    private long _bytesArriving;
    // Where chunks of aborted requests are read to (reader's task only).
    private byte[]? _scratch;

    public ServerSession(Connection connection, DataPlaneOptions options, Func<string, IBlockHandler?> handlers, ILogger log)
    {
        _connection = connection;
        _options = options;
        _handlers = handlers;
        _log = log;
    }

    public Task<(string Reason, bool Violation)> RunAsync() => _connection.RunAsync(this, _options);

    public void Close(string reason) => _connection.Close(reason);

    public void OnStart(FrameType type, ulong id, ReadOnlySpan<byte> rest)
    {
        if (type != FrameType.RequestStart) throw new ProtocolViolationException($"a client sent a {type} frame");
        Frames.ReadRequestStart(rest, out var kind, out long total, out string service, out var header);
        Inbound inbound;
        lock (_gate)
        {
            if (_requests.ContainsKey(id)) throw new ProtocolViolationException($"request {id} started twice");
            if (_bytesArriving + total > _options.MaxBodyBytes && total > 0)
                throw new ProtocolViolationException($"request {id} announces {total} body bytes while {_bytesArriving} are still arriving on this connection (limit {_options.MaxBodyBytes})");
            inbound = new Inbound(id, service, header, BodyReceiver.Create(kind, total, _options.MaxBodyBytes, landing: null));
            _requests.Add(id, inbound);
            _bytesArriving += total;
        }
        if (total == 0) BodyArrived(inbound);
    }

    public Memory<byte> ChunkTarget(ulong id, int length) => Find(id).Receiver.Next(length, () => _scratch ??= new byte[_options.ChunkSize]);

    public void OnChunk(ulong id, int length)
    {
        var inbound = Find(id);
        inbound.Receiver.Advance(length);
        if (inbound.Receiver.Done) BodyArrived(inbound);
    }

    public void OnAbort(ulong id)
    {
        Inbound? inbound;
        bool arriving;
        OutgoingTransfer? reply;
        lock (_gate)
        {
            // Unknown: its reply was written whole before the abort arrived, and the client reads it.
            if (!_requests.TryGetValue(id, out inbound) || inbound.Aborted) return;
            inbound.Aborted = true;
            arriving = !inbound.Receiver.Done;
            reply = inbound.Reply;
            if (arriving)
            {
                _requests.Remove(id);
                _bytesArriving -= inbound.Receiver.Total;
            }
        }
        if (arriving)
        {
            inbound.Receiver.Abandon();
            _connection.Writer.TryEnqueueFrame(Frames.Abort(id));
        }
        else if (reply is not null)
        {
            _connection.Writer.CancelTransfer(reply, abortIfNotStarted: true);
        }
        else
        {
            // The handler is running: its end sees Aborted and sends the Abort.
            try { inbound.Handling?.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }

    private void BodyArrived(Inbound inbound)
    {
        lock (_gate) _bytesArriving -= inbound.Receiver.Total;
        inbound.Handling = CancellationTokenSource.CreateLinkedTokenSource(_connection.Closed);
        var request = new BlockRequest(_connection.Peer, inbound.Service, inbound.Header, inbound.Receiver.Body());
        _ = Task.Run(() => HandleAsync(inbound, request));
    }

    private async Task HandleAsync(Inbound inbound, BlockRequest request)
    {
        BlockReply? reply = null;
        byte[] start;
        try
        {
            var handler = _handlers(inbound.Service) ?? throw new DataPlaneException($"no service '{inbound.Service}' is registered on this node");
            reply = await handler.HandleAsync(request, inbound.Handling!.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the '{inbound.Service}' handler returned no reply");
            if (reply.Header.Length > _options.MaxHeaderBytes)
                throw new InvalidOperationException($"the '{inbound.Service}' handler's reply header has {reply.Header.Length} bytes (limit {_options.MaxHeaderBytes})");
            if (reply.Body.ByteLength > _options.MaxBodyBytes)
                throw new InvalidOperationException($"the '{inbound.Service}' handler's reply body has {reply.Body.ByteLength} bytes (limit {_options.MaxBodyBytes})");
            start = Frames.ReplyStart(inbound.Id, Frames.StatusOk, reply.Header.Span, reply.Body.Kind, reply.Body.ByteLength);
        }
        catch (Exception error)
        {
            if (error is not OperationCanceledException || !inbound.Handling!.IsCancellationRequested)
                DataPlaneLog.HandlerFailed(_log, error, inbound.Service, _connection.Peer.ToString());
            Release(reply);
            reply = null;
            string message = error is DataPlaneException ? error.Message : $"service '{inbound.Service}' failed: {error.GetType().Name}: {error.Message}";
            start = Frames.ErrorReply(inbound.Id, message, _options.MaxHeaderBytes);
        }
        inbound.Handling!.Dispose();

        var transfer = new OutgoingTransfer(inbound.Id, start, reply?.Body.WireBytes() ?? default, _ =>
        {
            lock (_gate) _requests.Remove(inbound.Id);
            Release(reply);
        });
        bool aborted;
        lock (_gate)
        {
            aborted = inbound.Aborted;
            if (aborted) _requests.Remove(inbound.Id);
            else inbound.Reply = transfer;
        }
        if (aborted)
        {
            Release(reply);
            _connection.Writer.TryEnqueueFrame(Frames.Abort(inbound.Id));
        }
        else if (!_connection.Writer.TryEnqueue(transfer))
        {
            transfer.End(TransferEnd.Dropped); // the connection closed: nothing reads the body any more
        }
    }

    private void Release(BlockReply? reply)
    {
        if (reply?.Release is not { } release) return;
        try { release(); }
        catch (Exception error) { DataPlaneLog.ReleaseFailed(_log, error); }
    }

    private Inbound Find(ulong id)
    {
        lock (_gate)
            return _requests.TryGetValue(id, out var inbound) && !inbound.Receiver.Done
                ? inbound
                : throw new ProtocolViolationException($"chunk for unknown request {id}");
    }
}
