using System.Runtime.InteropServices;
using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>
/// One slice request: locate the slice (cached per node), send it on the data plane (or in process when the slice lives
/// on this node), and again while that is safe (see <see cref="AttemptTimeout"/>).
/// </summary>
public sealed partial class ShardedVectorStore
{
    // A pause before asking again after a lost connection or a moved slice, so a retry does not spin while the cluster notices.
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long one attempt at a slice may take (locating it, and its request) before it is made again (idempotent
    /// operations: pulls, initializations, removals and steps pushed with a contributor id) or fails (plain pushes), at
    /// most <see cref="Timeout"/>. A request to a node that died is never answered, or fails with its connection; made
    /// again, it locates the slice's new home once the shard has moved (and fails there fast if the value was lost with
    /// the node), so a client never waits the whole <see cref="Timeout"/> on a dead node. Default 30 seconds.
    /// </summary>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout < Timeout ? _attemptTimeout : Timeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _attemptTimeout = value;
        }
    }

    private readonly TimeSpan _attemptTimeout = TimeSpan.FromSeconds(30);

    // Slices whose replies were read straight into the caller's array, and slices copied there (tests read these).
    private long _slicesLanded, _slicesCopied;

    internal long SlicesLanded => Interlocked.Read(ref _slicesLanded);

    internal long SlicesCopied => Interlocked.Read(ref _slicesCopied);

    /// <summary>A slice's answer, with what it lent: <see cref="Done"/> gives it back once the floats are read.</summary>
    private sealed record SliceReply(SliceResponse Header, ArraySegment<float> Body, bool Landed, int Attempts, Action? Release)
    {
        public void Done() => Release?.Invoke();
    }

    /// <summary>
    /// Sends <paramref name="request"/> to its slice. Failures before the request went out (locating, connecting, a slice
    /// that moved) are always retried until <see cref="Timeout"/>; after it went out, only <paramref name="idempotent"/>
    /// requests are sent again. <paramref name="newLanding"/> offers each attempt a landing for the reply; an attempt
    /// whose landing a reply had begun to fill is not repeated (that reply may still write into it): the call fails.
    /// </summary>
    private async Task<SliceReply> CallSliceAsync(SliceRequest request, ArraySegment<float> body, bool idempotent, Func<ReplyLanding>? newLanding,
        CancellationToken cancellationToken)
    {
        string id = SliceCodec.SliceId(request.Key, request.Slice);
        var deadline = DateTime.UtcNow + Timeout;
        Exception? last = null;
        for (int attempts = 1; ; attempts++)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{Describe(request)}: no answer within {Timeout} ({attempts - 1} attempts; last: {last?.Message ?? "none"})", last);
            var budget = left < AttemptTimeout ? left : AttemptTimeout;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(budget);
            ReplyLanding? landing = null;
            bool sent = false;
            DataPlaneAddress? at = null;
            try
            {
                at = await LocateAsync(request, budget, attempt.Token).ConfigureAwait(false);
                // The serving node gives up a little before this attempt does, so an unanswered request usually comes back
                // as such rather than racing the attempt's cancellation.
                var timed = request with { WaitMilliseconds = (int)Math.Clamp(budget.TotalMilliseconds * 0.9, 1, int.MaxValue) };
                landing = newLanding?.Invoke();
                sent = true;
                var reply = at == _host.DataPlane.Address
                    ? await InProcessAsync(timed, body, attempts, attempt.Token).ConfigureAwait(false)
                    : await RemoteAsync(at.Value, timed, body, landing, attempts, attempt.Token).ConfigureAwait(false);
                switch (reply.Header.Status)
                {
                    case SliceStatus.Ok:
                        return reply;
                    case SliceStatus.NotHere: // moved, or stopping for a hand-off: nothing was applied
                        _host.Locations.TryRemove(KeyValuePair.Create(id, at.Value));
                        last = new InvalidOperationException(reply.Header.Error);
                        await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
                        continue;
                    case SliceStatus.Unanswered:
                        if (!idempotent) throw new TimeoutException($"{Describe(request)}: {reply.Header.Error}; it may or may not have been applied (not sent again)");
                        last = new TimeoutException(reply.Header.Error);
                        continue;
                    case SliceStatus.NotInitialized:
                        throw new KeyNotFoundException(reply.Header.Error);
                    case SliceStatus.BadRequest:
                        throw new ArgumentException(reply.Header.Error);
                    default:
                        throw new InvalidOperationException(reply.Header.Error);
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsTransient(error))
            {
                if (at is { } stale) _host.Locations.TryRemove(KeyValuePair.Create(id, stale));
                if (landing?.WasAbandonedMidWrite == true)
                    throw new InvalidOperationException(
                        $"{Describe(request)}: the reply was arriving into the destination when the request failed ({error.Message}); pull into a new array", error);
                bool safe = !sent || idempotent || IsNotConnected(error);
                if (!safe)
                    throw error is OperationCanceledException
                        ? new TimeoutException($"{Describe(request)}: no answer within {budget}; it may or may not have been applied (not sent again)", error)
                        : new IOException($"{Describe(request)}: {error.Message}; it may or may not have been applied (not sent again)", error);
                last = error;
                if (error is DataPlaneException) await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Failures of one attempt that another may not meet: an unanswered ask or request, a lost or refused connection.
    private static bool IsTransient(Exception error) =>
        error is AskTimeoutException or OperationCanceledException || (error is DataPlaneException { IsRemote: false });

    // The data plane could not connect at all, so nothing was sent (its message for that case).
    private static bool IsNotConnected(Exception error) =>
        error is DataPlaneException { IsRemote: false } lost && lost.Message.StartsWith("could not connect", StringComparison.Ordinal);

    /// <summary>The slice's node, cached per node; else asked of the slice through the region (which starts it if needed).</summary>
    private async Task<DataPlaneAddress> LocateAsync(SliceRequest request, TimeSpan budget, CancellationToken cancellationToken)
    {
        string id = SliceCodec.SliceId(request.Key, request.Slice);
        if (_host.Locations.TryGetValue(id, out var known)) return known;
        var located = await Region.Ask<SliceLocated>(new LocateSlice(request.Key, request.Slice), budget, cancellationToken).ConfigureAwait(false);
        var at = new DataPlaneAddress(located.Host, located.Port);
        _host.Locations[id] = at;
        return at;
    }

    private async Task<SliceReply> InProcessAsync(SliceRequest request, ArraySegment<float> body, int attempts, CancellationToken cancellationToken)
    {
        var answer = await _host.CallAsync(request, body, cancellationToken).ConfigureAwait(false);
        return new SliceReply(answer.Header, answer.Body, Landed: false, attempts, answer.Release);
    }

    private async Task<SliceReply> RemoteAsync(DataPlaneAddress at, SliceRequest request, ArraySegment<float> body, ReplyLanding? landing, int attempts,
        CancellationToken cancellationToken)
    {
        var blockBody = body.Array is null ? BlockBody.Empty : BlockBody.FromFloats(body);
        var reply = await _host.DataPlane.RequestAsync(at, SliceCodec.Service, SliceCodec.Write(request), blockBody, landing, cancellationToken).ConfigureAwait(false);
        SliceResponse header;
        try
        {
            header = SliceCodec.Read<SliceResponse>(reply.Header);
        }
        catch
        {
            reply.Body.ReturnToPool();
            throw;
        }
        var floats = reply.Body.Floats;
        return new SliceReply(header, floats, reply.Landed, attempts, reply.Landed ? null : () => reply.Body.ReturnToPool());
    }

    /// <summary>
    /// Pushes one slice of <paramref name="delta"/>. When the delta lies in an array (as it always does but for native
    /// memory), the request's body is a segment of it: sent from it without a copy, or read in place by a slice on this node.
    /// Other memory goes in a pooled copy, given back once a first attempt is answered.
    /// </summary>
    private async Task PushSlice(ReadOnlyMemory<float> delta, (int Index, int Start, int Length) slice, SliceRequest request, bool idempotent,
        CancellationToken cancellationToken)
    {
        if (MemoryMarshal.TryGetArray(delta, out var whole))
        {
            (await CallSliceAsync(request, new ArraySegment<float>(whole.Array!, whole.Offset + slice.Start, slice.Length), idempotent, null, cancellationToken)
                .ConfigureAwait(false)).Done();
            return;
        }
        var copy = FloatArrays.CopyOf(delta.Span.Slice(slice.Start, slice.Length));
        var reply = await CallSliceAsync(request, new ArraySegment<float>(copy), idempotent, null, cancellationToken).ConfigureAwait(false);
        reply.Done();
        if (reply.Attempts == 1) FloatArrayPool.Return(copy); // after more, an earlier attempt may still be reading it
    }

    // Initializes one slice from the value (and the rule state after it in one body, when there is one).
    private async Task InitSlice(string key, float[] value, float[]? ruleState, (int Index, int Start, int Length) slice, CancellationToken cancellationToken)
    {
        var request = new SliceRequest(SliceOp.Init, key, slice.Index, value.Length, WithRuleState: ruleState is not null);
        if (ruleState is null)
        {
            (await CallSliceAsync(request, new ArraySegment<float>(value, slice.Start, slice.Length), idempotent: true, null, cancellationToken)
                .ConfigureAwait(false)).Done();
            return;
        }
        var both = FloatArrays.Uninitialized(2 * slice.Length);
        value.AsSpan(slice.Start, slice.Length).CopyTo(both);
        ruleState.AsSpan(slice.Start, slice.Length).CopyTo(both.AsSpan(slice.Length));
        var reply = await CallSliceAsync(request, new ArraySegment<float>(both), idempotent: true, null, cancellationToken).ConfigureAwait(false);
        reply.Done();
        if (reply.Attempts == 1) FloatArrayPool.Return(both);
    }

    /// <summary>Asks every one of <paramref name="slices"/> with <paramref name="request"/> and places each reply in <paramref name="result"/>.</summary>
    private Task GatherAsync(string key, float[] result, IEnumerable<(int Index, int Start, int Length)> slices, Func<int, SliceRequest> request,
        CancellationToken cancellationToken) =>
        EachSliceAsync(slices, s => PullSliceInto(key, result, s, request(s.Index), cancellationToken));

    /// <summary>
    /// Asks one slice and puts its value at its place in <paramref name="result"/>. The place is offered as the reply's
    /// landing: a reply from another node is read off the connection straight into it; only a reply from this node (the
    /// entity's own array, lent) is copied.
    /// </summary>
    private async Task PullSliceInto(string key, float[] result, (int Index, int Start, int Length) place, SliceRequest request, CancellationToken cancellationToken)
    {
        var reply = await CallSliceAsync(request, default, idempotent: true, () => new ReplyLanding(new ArraySegment<float>(result, place.Start, place.Length)),
            cancellationToken).ConfigureAwait(false);
        try
        {
            Place(key, result, place, reply);
        }
        finally
        {
            reply.Done();
        }
    }

    private void Place(string key, float[] result, (int Index, int Start, int Length) place, SliceReply reply)
    {
        if (reply.Header.TotalLength != result.Length || reply.Body.Count != place.Length)
            throw new InvalidOperationException(
                $"vector '{key}' slice {place.Index} has {reply.Body.Count} of {reply.Header.TotalLength} floats, expected {place.Length} of {result.Length}: was it initialized with another length or slice size?");
        if (reply.Landed)
        {
            Interlocked.Increment(ref _slicesLanded);
            return;
        }
        reply.Body.AsSpan().CopyTo(result.AsSpan(place.Start));
        Interlocked.Increment(ref _slicesCopied);
    }

    /// <summary>Asks the region (catalog and removals: small, idempotent), again when unanswered, until <see cref="Timeout"/>.</summary>
    private async Task<T> AskRegionAsync<T>(object message, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = left < AttemptTimeout ? left : AttemptTimeout;
            try
            {
                return await Region.Ask<T>(message, attempt > TimeSpan.Zero ? attempt : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Unanswered: the entity's node may have died with the message; its shard gets a new home.
            }
        }
    }

    /// <summary>
    /// How many slices one operation has in flight at most: 32 MiB of 1 MiB slices keep the connections busy without every
    /// node holding a whole copy of a large vector in requests at once.
    /// </summary>
    private const int SlicesInFlight = 32;

    /// <summary>Runs <paramref name="action"/> for every slice, <see cref="SlicesInFlight"/> at a time; fails with the first failure (starting no more slices after it).</summary>
    private static async Task EachSliceAsync(IEnumerable<(int Index, int Start, int Length)> slices, Func<(int Index, int Start, int Length), Task> action)
    {
        using var next = slices.GetEnumerator();
        bool failed = false;
        async Task Lane()
        {
            while (true)
            {
                (int Index, int Start, int Length) slice;
                lock (next)
                {
                    if (failed || !next.MoveNext()) return;
                    slice = next.Current;
                }
                try
                {
                    await action(slice).ConfigureAwait(false);
                }
                catch
                {
                    failed = true;
                    throw;
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, SlicesInFlight).Select(_ => Lane())).ConfigureAwait(false);
    }

    private static string Describe(SliceRequest request) => $"{request.Op} of '{request.Key}' slice {request.Slice}";
}
