using System.Collections.Concurrent;
using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>A handed-off slice's whole state, waiting on the node it left for its next incarnation to claim it.</summary>
internal sealed record ParkedSlice(string Key, int Slice, int TotalLength, float[] Value, long Version, float[]? StepSum, int StepCount,
    int[] StepContributors, float[]? RuleState);

/// <summary>
/// The slices this node handed off, until their new incarnations claim them over the data plane (one claim each: the
/// state moves, it is not copied to two places). The node waits for it to empty before it leaves (see
/// <see cref="VectorStoreHost"/>), for at most its shutdown phase's time.
/// </summary>
internal sealed class ParkingLot
{
    private readonly ConcurrentDictionary<string, ParkedSlice> _parked = new(StringComparer.Ordinal);
    private TaskCompletionSource _empty = NewEmpty(done: true);

    public int Count => _parked.Count;

    public bool Holds(string id) => _parked.ContainsKey(id);

    public void Park(string id, ParkedSlice slice)
    {
        lock (_parked)
        {
            if (_empty.Task.IsCompleted) _empty = NewEmpty(done: false);
            _parked[id] = slice;
        }
    }

    /// <summary>Completes once nothing is parked (or at once).</summary>
    public Task WhenEmpty()
    {
        lock (_parked) return _empty.Task;
    }

    /// <summary>Takes a parked slice out as a claim's answer: its state in one body (value, step sum, rule state), pooled until sent.</summary>
    public SliceAnswer Claim(string id)
    {
        ParkedSlice? slice;
        lock (_parked)
        {
            if (!_parked.TryRemove(id, out slice))
                return SliceAnswer.Fail(SliceStatus.NotHere, $"no slice '{id}' is parked here");
            if (_parked.IsEmpty) _empty.TrySetResult();
        }
        int length = slice.Value.Length;
        int parts = 1 + (slice.StepSum is null ? 0 : 1) + (slice.RuleState is null ? 0 : 1);
        var body = FloatArrays.Uninitialized(length * parts);
        slice.Value.CopyTo(body, 0);
        int next = length;
        if (slice.StepSum is { } sum)
        {
            sum.CopyTo(body, next);
            next += length;
        }
        slice.RuleState?.CopyTo(body, next);
        var header = new SliceResponse(SliceStatus.Ok, TotalLength: slice.TotalLength, Version: slice.Version, StepCount: slice.StepCount,
            StepContributors: slice.StepContributors, HasStepSum: slice.StepSum is not null, HasRuleState: slice.RuleState is not null);
        return new SliceAnswer(header, new ArraySegment<float>(body), () => FloatArrayPool.Return(body));
    }

    private static TaskCompletionSource NewEmpty(bool done)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done) source.SetResult();
        return source;
    }
}

/// <summary>Answers new incarnations on other nodes asking whether this node parked their slice (<see cref="FindParked"/>).</summary>
internal sealed class ParkingActor : ReceiveActor
{
    public ParkingActor(VectorStoreHost host)
    {
        Receive<FindParked>(find => Sender.Tell(new ParkedAnswer(find.Key, find.Slice, host.Parking.Holds(SliceCodec.SliceId(find.Key, find.Slice)),
            host.Address.Host, host.Address.Port)));
    }
}
