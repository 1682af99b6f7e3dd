using System.Text;
using ActorNet.DataPlane.Wire;

namespace ActorNet.DataPlane;

/// <summary>
/// The requesting side of one outbound connection: sends requests (ids chosen here), matches replies to them by id,
/// and fails every pending request when the connection is lost. A request given up (cancelled) stays known until the
/// server's last word on it (its reply, read and dropped, or an Abort), so late frames for it are not violations.
/// </summary>
internal sealed class ClientSession : IFrameSink
{
    /// <summary>A request sent and not yet answered.</summary>
    private sealed class Pending(ulong id, ReplyLanding? landing)
    {
        public ulong Id { get; } = id;
        public ReplyLanding? Landing { get; } = landing;
        public TaskCompletionSource<BlockReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // Completed when the writer no longer reads the request's body.
        public TaskCompletionSource SendEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public OutgoingTransfer Request { get; set; } = null!;
        // The caller gave up; frames for it are read and dropped until the server's last word.
        public bool Abandoned { get; set; }
        public byte[] ReplyHeader { get; set; } = [];
        public BodyReceiver? Receiver { get; set; }
    }

    private readonly Connection _connection;
    private readonly DataPlaneOptions _options;
    // Guards _pending, _nextId and _lost (touched by callers, the reader and the writer).
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Pending> _pending = [];
    private ulong _nextId;
    // Why the connection was lost, once it was.
    private string? _lost;
    // Where chunks of given-up replies are read to (reader's task only).
    private byte[]? _scratch;

    public ClientSession(Connection connection, DataPlaneOptions options)
    {
        _connection = connection;
        _options = options;
    }

    public DataPlaneAddress Peer => _connection.Peer;

    public bool IsLost => Volatile.Read(ref _lost) is not null;

    /// <summary>Runs the connection; when it ends, every pending request fails. Returns the reason and whether the peer broke the protocol.</summary>
    public async Task<(string Reason, bool Violation)> RunAsync()
    {
        var result = await _connection.RunAsync(this, _options).ConfigureAwait(false);
        Lose(result.Reason);
        return result;
    }

    public void Close(string reason) => _connection.Close(reason);

    public async Task<BlockReply> RequestAsync(byte[] service, string serviceName, ReadOnlyMemory<byte> header, BlockBody body, ReplyLanding? landing, CancellationToken cancellationToken)
    {
        Pending pending;
        lock (_gate)
        {
            if (_lost is not null) throw Lost(_lost);
            pending = new Pending(++_nextId, landing);
            _pending.Add(pending.Id, pending);
        }
        var start = Frames.RequestStart(pending.Id, service, header.Span, body.Kind, body.ByteLength);
        pending.Request = new OutgoingTransfer(pending.Id, start, body.WireBytes(), how => RequestSendEnded(pending, how));
        if (!_connection.Writer.TryEnqueue(pending.Request))
        {
            lock (_gate) _pending.Remove(pending.Id);
            throw Lost(_lost ?? _connection.CloseReason);
        }
        try
        {
            using (cancellationToken.Register(() => GiveUp(pending, cancellationToken)))
            {
                try
                {
                    return await pending.Reply.Task.ConfigureAwait(false);
                }
                catch (DataPlaneException error) when (!error.IsRemote)
                {
                    throw new DataPlaneException($"request to '{serviceName}' on {Peer} failed: {error.Message}", error);
                }
            }
        }
        finally
        {
            // The caller may change its body once this returns: wait until the writer reads it no more (it always ends a transfer).
            await pending.SendEnded.Task.ConfigureAwait(false);
            landing?.Close();
        }
    }

    private void GiveUp(Pending pending, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_pending.ContainsKey(pending.Id) || pending.Abandoned) return;
            pending.Abandoned = true;
            pending.Reply.TrySetCanceled(cancellationToken);
        }
        _connection.Writer.CancelTransfer(pending.Request, abortIfNotStarted: false);
    }

    private void RequestSendEnded(Pending pending, TransferEnd how)
    {
        // A request cancelled before its start went out is unknown to the server: no last word will come.
        if (how == TransferEnd.CancelledBeforeStart) lock (_gate) _pending.Remove(pending.Id);
        pending.SendEnded.TrySetResult();
    }

    public void OnStart(FrameType type, ulong id, ReadOnlySpan<byte> rest)
    {
        if (type != FrameType.ReplyStart) throw new ProtocolViolationException($"a server sent a {type} frame");
        Frames.ReadReplyStart(rest, out byte status, out var kind, out long total, out var header);
        Pending pending;
        lock (_gate)
        {
            pending = Find(id);
            if (pending.Receiver is not null) throw new ProtocolViolationException($"second reply to request {id}");
            if (status == Frames.StatusError)
            {
                if (total != 0) throw new ProtocolViolationException($"error reply to request {id} with a body");
                _pending.Remove(id);
                var message = Encoding.UTF8.GetString(header);
                pending.Reply.TrySetException(new DataPlaneException(message) { IsRemote = true });
                return;
            }
            pending.ReplyHeader = header;
            pending.Receiver = BodyReceiver.Create(kind, total, _options.MaxBodyBytes, pending.Abandoned ? null : pending.Landing);
            if (pending.Abandoned) pending.Receiver.Discard();
        }
        if (total == 0) Finish(pending);
    }

    public Memory<byte> ChunkTarget(ulong id, int length)
    {
        Pending pending;
        lock (_gate)
        {
            pending = Find(id);
            // A reply given up meanwhile stops filling the caller's memory at the next chunk.
            if (pending.Abandoned) pending.Receiver?.Discard();
        }
        var receiver = pending.Receiver ?? throw new ProtocolViolationException($"chunk for request {id} before its reply started");
        return receiver.Next(length, () => _scratch ??= new byte[_options.ChunkSize]);
    }

    public void OnChunk(ulong id, int length)
    {
        Pending pending;
        lock (_gate) pending = Find(id);
        pending.Receiver!.Advance(length);
        if (pending.Receiver.Done) Finish(pending);
    }

    public void OnAbort(ulong id)
    {
        Pending pending;
        lock (_gate)
        {
            pending = Find(id);
            _pending.Remove(id);
        }
        pending.Receiver?.Abandon();
        pending.Reply.TrySetException(new DataPlaneException($"the peer aborted request {id}"));
    }

    private void Finish(Pending pending)
    {
        var receiver = pending.Receiver!;
        lock (_gate)
        {
            _pending.Remove(pending.Id);
            if (!pending.Abandoned)
            {
                var body = receiver.Body();
                pending.Reply.TrySetResult(new BlockReply(pending.ReplyHeader, body) { Landed = receiver.Landed });
                return;
            }
        }
        receiver.Abandon();
    }

    private Pending Find(ulong id) =>
        _pending.TryGetValue(id, out var pending) ? pending : throw new ProtocolViolationException($"frame for unknown request {id}");

    private void Lose(string reason)
    {
        List<Pending> failed;
        lock (_gate)
        {
            _lost ??= reason;
            failed = [.. _pending.Values];
            _pending.Clear();
        }
        // Pooled arrays of half-received replies are left to the collector: the reader may have been writing into them.
        foreach (var pending in failed) pending.Reply.TrySetException(Lost(reason));
    }

    private static DataPlaneException Lost(string reason) => new($"connection lost: {reason}");
}
