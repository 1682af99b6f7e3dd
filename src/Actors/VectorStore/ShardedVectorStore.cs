using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>
/// A key → float[] store spread over the cluster by Akka.Cluster.Sharding: the parameter-server shards of distributed
/// training. Each vector is cut into slices of <see cref="SliceSize"/> floats and each slice is an entity
/// (<c>key#index</c>) in its own shard, so one large vector spreads its load over many nodes. Akka messages only find a
/// slice (its node's data plane address, cached per node) and carry small requests; the floats of pushes and pulls go
/// to and from that node on the data plane (service <c>vector-store</c>), where the slice entity gets them in process.
/// Pushes apply a named update rule (<see cref="VectorUpdateRegistry"/>: <c>add</c>, <c>assign</c>, <c>sgd(lr)</c>,
/// <c>momentum(mu)</c> or a registered one) where the slice lives; pulls gather the slices into the caller's array.
/// Shards never rebalance; a node that leaves hands its slices over with their values (parked, then claimed by the new
/// incarnation); a node that dies loses its slices (not replicated): take checkpoints with <see cref="SnapshotAsync"/>
/// and <see cref="RestoreAsync"/> them after such a loss. Operations on one key from one client are applied in order;
/// the store is safe to call from many threads.
/// </summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>The sharding type name of the store's regions.</summary>
    public const string TypeName = "vector-store";

    private readonly VectorStoreHost _host;
    // The rules known here, to refuse a malformed rule before sending anything; null when unknown.
    private readonly VectorUpdateRegistry? _updates;

    /// <summary>A client over an existing region (hosting or proxy) of the store on <paramref name="system"/>.</summary>
    /// <param name="system">The node's actor system, with its data plane node attached (<see cref="DataPlaneExtension"/>).</param>
    /// <param name="region">The store's region or proxy on that system (<see cref="StartInCluster"/>, <see cref="StartProxyInCluster"/>).</param>
    /// <param name="sliceSize">Floats per slice; every client of one store must use the same size.</param>
    /// <param name="timeout">How long one operation may take in all.</param>
    /// <param name="updates">Rules to check push rules against before sending; null skips the check.</param>
    public ShardedVectorStore(ActorSystem system, IActorRef region, int sliceSize, TimeSpan timeout, VectorUpdateRegistry? updates = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        Region = region ?? throw new ArgumentNullException(nameof(region));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        SliceSize = sliceSize;
        Timeout = timeout;
        _updates = updates;
        _host = VectorStoreHost.Get(system);
    }

    /// <summary>The region requests go through.</summary>
    public IActorRef Region { get; }

    /// <summary>Floats per slice.</summary>
    public int SliceSize { get; }

    /// <summary>How long one operation may take in all.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> (replacing any previous value) and records the key for
    /// snapshots. Stateful rules start from zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty or the value is empty.</exception>
    public Task InitAsync(string key, float[] value, CancellationToken cancellationToken = default) => InitAsync(key, value, null, cancellationToken);

    /// <summary>
    /// As <see cref="InitAsync(string, float[], CancellationToken)"/>; <paramref name="ruleState"/>, when not null, is the
    /// state stateful rules continue from (e.g. a momentum history read with <see cref="PullRuleStateAsync"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The key or the value is empty, or the rule state's length differs from the value's.</exception>
    public async Task InitAsync(string key, float[] value, float[]? ruleState, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0) throw new ArgumentException($"vector '{key}' must have at least one element", nameof(value));
        if (ruleState is not null && ruleState.Length != value.Length)
            throw new ArgumentException($"vector '{key}': the rule state has {ruleState.Length} floats, the value {value.Length}", nameof(ruleState));
        await EachSliceAsync(Slices(value.Length), s => InitSlice(key, value, ruleState, s, cancellationToken)).ConfigureAwait(false);
        await AskRegionAsync<CatalogAck>(new CatalogAdd(key, value.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the state stateful rules keep next to <paramref name="key"/>'s value (the momentum history of
    /// <c>momentum(mu)</c>), as long as the vector; zeros for slices no stateful rule has updated. Read it while no
    /// pushes run (e.g. between rounds) for a consistent checkpoint.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    public async Task<float[]> PullRuleStateAsync(string key, int length, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var result = GC.AllocateUninitializedArray<float>(length); // every slice is copied in (or the pull fails)
        await GatherAsync(key, result, Slices(length), index => new SliceRequest(SliceOp.PullState, key, index), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Applies <paramref name="delta"/> to the vector under <paramref name="key"/> with the rule <paramref name="rule"/> (default <c>add</c>).</summary>
    /// <exception cref="ArgumentException">The rule is unknown or malformed, or the delta's length differs from the vector's.</exception>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    /// <exception cref="TimeoutException">A slice did not answer in time: the push may or may not have been applied there (it is not sent again).</exception>
    /// <exception cref="IOException">The connection to a slice's node was lost mid-request: the push may or may not have been applied there (not sent again).</exception>
    /// <remarks>
    /// <paramref name="delta"/> is not copied: its slices are sent from it, and read in place by slices on this node, until
    /// the returned task completes, so do not change it before then. If the task fails, a request may still be reading it:
    /// a caller that goes on after a failure should push from a new array rather than change this one.
    /// </remarks>
    public async Task PushAsync(string key, ReadOnlyMemory<float> delta, string rule = "add", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(rule);
        if (delta.Length == 0) throw new ArgumentException($"push to '{key}': the delta is empty", nameof(delta));
        _updates?.Resolve(rule);
        await EachSliceAsync(Slices(delta.Length), s =>
            PushSlice(delta, s, new SliceRequest(SliceOp.Push, key, s.Index, delta.Length, rule), idempotent: false, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads the whole vector under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    public async Task<float[]> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var first = await CallSliceAsync(new SliceRequest(SliceOp.Pull, key, 0), default, idempotent: true, null, cancellationToken).ConfigureAwait(false);
        float[] result;
        (int Index, int Start, int Length)[] slices;
        try
        {
            result = GC.AllocateUninitializedArray<float>(first.Header.TotalLength); // every slice is copied in (or the pull fails)
            slices = Slices(result.Length).ToArray();
            Place(key, result, slices[0], first);
        }
        finally
        {
            first.Done();
        }
        await GatherAsync(key, result, slices.Skip(1), index => new SliceRequest(SliceOp.Pull, key, index), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Reads the whole vector under <paramref name="key"/> into <paramref name="destination"/>, which is as long as the vector
    /// (a caller pulling every step reuses one array). If the pull fails, <paramref name="destination"/> may hold some of the slices.
    /// </summary>
    /// <remarks>
    /// A slice answered from another node is read off the connection straight into <paramref name="destination"/>. If the pull
    /// fails, a reply that had begun to arrive may still be written into it afterwards: a caller that goes on after a failure
    /// should pull into a new array.
    /// </remarks>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    /// <exception cref="InvalidOperationException">The vector's length is not the destination's.</exception>
    public Task PullAsync(string key, float[] destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length == 0) throw new ArgumentException($"pull of '{key}': the destination is empty", nameof(destination));
        return GatherAsync(key, destination, Slices(destination.Length), index => new SliceRequest(SliceOp.Pull, key, index), cancellationToken);
    }

    /// <summary>Drops the vector under <paramref name="key"/> of <paramref name="length"/> floats from every slice and from the catalog, freeing its memory.</summary>
    public async Task RemoveAsync(string key, int length, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        await EachSliceAsync(Slices(length), s => AskRegionAsync<SliceRemoved>(new RemoveSlice(key, s.Index), cancellationToken)).ConfigureAwait(false);
        await AskRegionAsync<CatalogAck>(new CatalogRemove(key), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every key in the catalog: a checkpoint to <see cref="RestoreAsync"/> after a node loss. Each vector is read
    /// consistently slice by slice, but pushes running meanwhile may land between slices.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A key's slices were lost (the snapshot cannot be complete).</exception>
    public async Task<IReadOnlyDictionary<string, float[]>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await AskRegionAsync<CatalogEntries>(CatalogList.Instance, cancellationToken).ConfigureAwait(false);
        var keys = catalog.Entries.Keys.Order(StringComparer.Ordinal).ToArray();
        var values = await Task.WhenAll(keys.Select(k => PullAsync(k, cancellationToken))).ConfigureAwait(false);
        return keys.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Initializes every key of a snapshot again (replacing current values).</summary>
    public Task RestoreAsync(IReadOnlyDictionary<string, float[]> snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Task.WhenAll(snapshot.Select(e => InitAsync(e.Key, e.Value, cancellationToken)));
    }

    /// <summary>The slices of a vector of <paramref name="length"/> floats.</summary>
    private IEnumerable<(int Index, int Start, int Length)> Slices(int length)
    {
        for (int index = 0, start = 0; start < length; index++, start += SliceSize)
            yield return (index, start, Math.Min(SliceSize, length - start));
    }
}
