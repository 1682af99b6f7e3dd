namespace ActorNet.VectorStore;

/// <summary>Synchronous steps (MXNet's dist_sync) on the store: see <see cref="PushAtStepAsync"/>.</summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>
    /// Contributes <paramref name="delta"/> to step <paramref name="step"/> of <paramref name="key"/>: once all
    /// <paramref name="contributors"/> clients have pushed for that step, each slice applies <paramref name="rule"/>
    /// to the mean of their deltas and its version becomes <paramref name="step"/> + 1. Returns once this push is
    /// recorded (not applied). <paramref name="contributor"/> (0..contributors−1) makes the push idempotent: the same
    /// contributor pushing again for this step, or for a step since completed, is ignored (a task run twice), so such a
    /// push is sent again when a slice does not answer or its node is lost; an anonymous one (−1) is not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vector is not at <paramref name="step"/> (a client ran ahead or pushed twice).</exception>
    /// <exception cref="ArgumentException">The rule is unknown, or the delta's length differs from the vector's.</exception>
    /// <remarks>
    /// <paramref name="delta"/> is not copied: its slices are sent from it, and read in place by slices on this node, until
    /// the returned task completes, so do not change it before then. After a failure, push from a new array.
    /// </remarks>
    public async Task PushAtStepAsync(string key, ReadOnlyMemory<float> delta, string rule, long step, int contributors,
        int contributor = -1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(contributors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contributor, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(contributor, contributors);
        if (delta.Length == 0) throw new ArgumentException($"push to '{key}': the delta is empty", nameof(delta));
        _updates?.Resolve(rule);
        await EachSliceAsync(Slices(delta.Length), s => PushSlice(delta, s,
            new SliceRequest(SliceOp.PushAtStep, key, s.Index, delta.Length, rule, step, contributors, contributor), idempotent: contributor >= 0,
            cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads <paramref name="key"/> once every slice has applied <paramref name="version"/> steps (waiting, up to
    /// the client's timeout, for the slowest contributor). <paramref name="length"/> is the vector's length.
    /// </summary>
    public async Task<float[]> PullAtVersionAsync(string key, int length, long version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var result = GC.AllocateUninitializedArray<float>(length); // every slice is copied in (or the pull fails)
        await PullAtVersionAsync(key, result, version, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// As <see cref="PullAtVersionAsync(string, int, long, CancellationToken)"/>, into <paramref name="destination"/>, which is
    /// as long as the vector. If the pull fails, <paramref name="destination"/> may hold some of the slices.
    /// </summary>
    /// <remarks>
    /// A slice answered from another node is read off the connection straight into <paramref name="destination"/>. If the pull
    /// fails, a reply that had begun to arrive may still be written into it afterwards: pull into a new array after a failure.
    /// </remarks>
    public Task PullAtVersionAsync(string key, float[] destination, long version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        if (destination.Length == 0) throw new ArgumentException($"pull of '{key}': the destination is empty", nameof(destination));
        return GatherAsync(key, destination, Slices(destination.Length), index => new SliceRequest(SliceOp.PullAtVersion, key, index, Version: version),
            cancellationToken);
    }
}
