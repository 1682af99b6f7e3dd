using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// A key → float[] store spread over the cluster by sharding: the parameter-server shards of distributed
/// training. Each vector is cut into slices of <see cref="SliceSize"/> floats and each slice is an entity
/// (<c>key#index</c>) in its own shard, so one large vector spreads its load over many regions. Pushes apply a
/// named update rule (<see cref="VectorUpdateRegistry"/>: <c>add</c>, <c>assign</c>, <c>sgd(lr)</c> or a
/// registered one) where the slice lives; pulls gather the slices. Slices keep their values when shards are
/// rebalanced or handed off; they are NOT replicated yet, so the slices of a node that dies are lost: take
/// checkpoints with <see cref="SnapshotAsync"/> and <see cref="RestoreAsync"/> them after such a loss.
/// Operations on one key from one client are applied in order; the store is safe to call from many threads.
/// </summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>The sharding type name the store's regions use.</summary>
    public const string TypeName = "vector-store";

    // Floats per slice when the configuration does not say.
    private const int DefaultSliceFloats = 262144;

    // The reference configuration key for the default slice size.
    private const string SliceSizeKey = "actornet:cluster:sharding:vector-store:slice-size";
    // The rules known here, to refuse a malformed rule before sending anything; null when unknown.
    private readonly VectorUpdateRegistry? _updates;

    /// <summary>A client over an existing region (hosting or proxy) of the store.</summary>
    /// <param name="region">A region started by <see cref="Start"/> or <see cref="StartProxy"/> (or their <see cref="ShardRegion"/> equivalents).</param>
    /// <param name="sliceSize">Floats per slice; every client of one store must use the same size.</param>
    /// <param name="timeout">How long one operation waits for the slices to answer.</param>
    /// <param name="updates">Rules to check push rules against before sending; null skips the check.</param>
    public ShardedVectorStore(IActorRef region, int sliceSize, TimeSpan timeout, VectorUpdateRegistry? updates = null)
    {
        Region = region ?? throw new ArgumentNullException(nameof(region));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        SliceSize = sliceSize;
        Timeout = timeout;
        _updates = updates;
    }

    /// <summary>The region requests go through.</summary>
    public IActorRef Region { get; }

    /// <summary>Floats per slice.</summary>
    public int SliceSize { get; }

    /// <summary>How long one operation waits.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Starts a region hosting store slices on this node and returns a client using it. Options as for
    /// <see cref="ShardRegion.Start"/>; <paramref name="sliceSize"/> null reads
    /// <c>actornet:cluster:sharding:vector-store:slice-size</c> (default 262144 floats, 1 MiB per message: bigger slices cost fewer requests and copies per float; bench/training.sh measured 16384-float slices 1.9–2.6× slower per averaging round).
    /// Passivation is turned off for the store (an entity's value lives only in the entity).
    /// </summary>
    public static ShardedVectorStore Start(ActorSystem system, VectorUpdateRegistry? updates = null, ClusterShardingSettings? settings = null,
        IActorRef? coordinator = null, string? regionName = null, int? sliceSize = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var registry = updates ?? new VectorUpdateRegistry();
        var chosen = StoreSettings(settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration));
        var region = ShardRegion.Start(system, TypeName, Props.Create(() => new VectorStoreEntity(registry)), new VectorStoreExtractor(chosen.NumberOfShards),
            chosen, coordinator, VectorStoreHandOff.Instance, regionName);
        return new ShardedVectorStore(region, sliceSize ?? DefaultSliceSize(system), system.Settings.AskTimeout, registry);
    }

    /// <summary>Starts a proxy region (this node hosts no slices) and returns a client using it.</summary>
    public static ShardedVectorStore StartProxy(ActorSystem system, ClusterShardingSettings? settings = null, IActorRef? coordinator = null,
        string? regionName = null, int? sliceSize = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var chosen = StoreSettings(settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration));
        var region = ShardRegion.StartProxy(system, TypeName, new VectorStoreExtractor(chosen.NumberOfShards), chosen, coordinator,
            regionName ?? $"sharding-{TypeName}-proxy");
        return new ShardedVectorStore(region, sliceSize ?? DefaultSliceSize(system), system.Settings.AskTimeout);
    }

    /// <summary>
    /// Starts (once) this node's region of the store through <see cref="ClusterSharding"/> (the coordinator is
    /// the cluster singleton on the oldest member) and returns a client using it. Options as for <see cref="Start"/>;
    /// <paramref name="role"/>, when set, restricts the coordinator to members with that role (every node of the
    /// store, proxies included, must pass the same role; <c>actornet worker</c> uses <c>worker</c>).
    /// </summary>
    public static ShardedVectorStore StartInCluster(ActorSystem system, VectorUpdateRegistry? updates = null, ClusterShardingSettings? settings = null,
        int? sliceSize = null, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var registry = updates ?? new VectorUpdateRegistry();
        var chosen = StoreSettings(settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration));
        var region = ClusterSharding.Get(system).Start(TypeName, Props.Create(() => new VectorStoreEntity(registry)),
            new VectorStoreExtractor(chosen.NumberOfShards), chosen, role, VectorStoreHandOff.Instance);
        return new ShardedVectorStore(region, sliceSize ?? DefaultSliceSize(system), system.Settings.AskTimeout, registry);
    }

    /// <summary>
    /// Starts (once) a proxy of the store through <see cref="ClusterSharding"/> (this member hosts no slices) and
    /// returns a client using it; <paramref name="role"/> as for <see cref="StartInCluster"/>.
    /// </summary>
    public static ShardedVectorStore StartProxyInCluster(ActorSystem system, ClusterShardingSettings? settings = null, int? sliceSize = null,
        string? role = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var chosen = StoreSettings(settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration));
        var region = ClusterSharding.Get(system).StartProxy(TypeName, new VectorStoreExtractor(chosen.NumberOfShards), chosen, role);
        return new ShardedVectorStore(region, sliceSize ?? DefaultSliceSize(system), system.Settings.AskTimeout);
    }

    /// <summary>
    /// The store's sharding settings: no passivation (a slice's value lives only in its entity) and no rebalancing. A
    /// slice in the middle of a synchronous step holds contributions and waiting pulls; its shards move only when their
    /// node leaves (carrying the step's state), never because another node has fewer shards.
    /// </summary>
    private static ClusterShardingSettings StoreSettings(ClusterShardingSettings settings) =>
        settings with { PassivateIdleAfter = TimeSpan.Zero, RebalanceInterval = NoRebalance };

    // Longer than any training run, and within what a timer takes.
    private static readonly TimeSpan NoRebalance = TimeSpan.FromDays(24);

    private static int DefaultSliceSize(ActorSystem system)
    {
        int size = ConfigValues.GetInt(system.Configuration, SliceSizeKey, DefaultSliceFloats);
        return size > 0 ? size : throw new FormatException($"configuration '{SliceSizeKey}' = {size} must be positive");
    }

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
        await EachSliceAsync(Slices(value.Length), s =>
            AskSlice<SliceAck>(new InitSlice(key, s.Index, value.Length, FloatArrays.CopyOf(value.AsSpan(s.Start, s.Length)), 0,
                ruleState is null ? null : new SliceStepState(null, 0, [], FloatArrays.CopyOf(ruleState.AsSpan(s.Start, s.Length)))), idempotent: true, cancellationToken)).ConfigureAwait(false);
        await AskSlice<SliceAck>(new CatalogAdd(key, value.Length), idempotent: true, cancellationToken).ConfigureAwait(false);
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
        await GatherAsync(key, result, Slices(length), index => new PullSliceState(key, index), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Applies <paramref name="delta"/> to the vector under <paramref name="key"/> with the rule <paramref name="rule"/> (default <c>add</c>).</summary>
    /// <exception cref="ArgumentException">The rule is unknown or malformed, or the delta's length differs from the vector's.</exception>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    /// <remarks>
    /// <paramref name="delta"/> is not copied: its slices are sent from it, and read in place by slices on this node, until
    /// the returned task completes, so do not change it before then. If the task fails (a timeout, a lost node), a message
    /// may still be on its way and read it later: a caller that goes on after a failure should push from a new array rather
    /// than change this one.
    /// </remarks>
    public async Task PushAsync(string key, ReadOnlyMemory<float> delta, string rule = "add", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(rule);
        if (delta.Length == 0) throw new ArgumentException($"push to '{key}': the delta is empty", nameof(delta));
        _updates?.Resolve(rule);
        await EachSliceAsync(Slices(delta.Length), s =>
            PushSlice(delta, s, copy => new PushSlice(key, s.Index, delta.Length, copy, rule), idempotent: false, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads the whole vector under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    public async Task<float[]> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var first = await AskSlice<SliceValue>(new PullSlice(key, 0), idempotent: true, cancellationToken).ConfigureAwait(false);
        var result = GC.AllocateUninitializedArray<float>(first.TotalLength); // every slice is copied in (or the pull fails)
        var slices = Slices(first.TotalLength).ToArray();
        Place(key, result, slices[0], first);
        await GatherAsync(key, result, slices.Skip(1), index => new PullSlice(key, index), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Reads the whole vector under <paramref name="key"/> into <paramref name="destination"/>, which is as long as the vector
    /// (a caller pulling every step reuses one array). If the pull fails, <paramref name="destination"/> may hold some of the slices.
    /// </summary>
    /// <remarks>
    /// A slice answered from another node is read off the connection straight into <paramref name="destination"/>. If the pull
    /// fails (a timeout, a lost node), a reply that had begun to arrive may still be written into it afterwards: a caller that
    /// goes on after a failure should pull into a new array.
    /// </remarks>
    /// <exception cref="KeyNotFoundException">The key is not initialized (or its slices were lost with their node).</exception>
    /// <exception cref="InvalidOperationException">The vector's length is not the destination's.</exception>
    public Task PullAsync(string key, float[] destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length == 0) throw new ArgumentException($"pull of '{key}': the destination is empty", nameof(destination));
        return GatherAsync(key, destination, Slices(destination.Length), index => new PullSlice(key, index), cancellationToken);
    }

    /// <summary>
    /// Asks every one of <paramref name="slices"/> with <paramref name="request"/> (idempotent) and places each reply in
    /// <paramref name="result"/>: see <see cref="PullSliceInto"/>.
    /// </summary>
    private Task GatherAsync(string key, float[] result, IEnumerable<(int Index, int Start, int Length)> slices, Func<int, object> request,
        CancellationToken cancellationToken) =>
        EachSliceAsync(slices, s => PullSliceInto(key, result, s, request(s.Index), cancellationToken));

    /// <summary>
    /// Asks one slice (again while unanswered, as <see cref="AskSliceCounted"/>) and puts its value at its place in
    /// <paramref name="result"/>. The place is offered as the reply's landing: a reply from another node is read off the
    /// connection straight into it, and only a reply from this node (the entity's own array) is copied. A landing a reply
    /// had started to fill when the ask failed may still be written, so that ask is not repeated into it: the pull fails
    /// (see the pull methods' remarks).
    /// </summary>
    private async Task PullSliceInto(string key, float[] result, (int Index, int Start, int Length) place, object request, CancellationToken cancellationToken)
    {
        var (reply, _, offered) = await AskSliceCounted<SliceValue>(request, idempotent: true, cancellationToken,
            () => new ReplyLanding(new ArraySegment<float>(result, place.Start, place.Length))).ConfigureAwait(false);
        var landing = offered!;
        if (landing.HasLanded)
        {
            Check(key, result, place, reply);
            if (reply.Value.Array != result || reply.Value.Offset != place.Start)
                throw new InvalidOperationException($"vector '{key}' slice {place.Index}: the reply landed in the destination but holds other memory");
            return;
        }
        if (!landing.TryClose())
            throw new InvalidOperationException($"vector '{key}' slice {place.Index}: a second reply is being written into the destination");
        Place(key, result, place, reply);
    }

    /// <summary>
    /// How many slices one operation has in flight at most. A window rather than every slice at once: a 244 MB vector is
    /// 233 slices, and with all of them in flight every node would hold a whole copy of it in messages (fresh memory each
    /// time, beyond what the pool keeps); 32 MiB in flight keep the connections busy all the same.
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

    private static void Place(string key, float[] result, (int Index, int Start, int Length) place, SliceValue slice)
    {
        Check(key, result, place, slice);
        slice.Value.AsSpan().CopyTo(result.AsSpan(place.Start));
        // Done with it: a received array goes back to the pool, a slice's own (a reply on its node) back to the slice.
        if (!FloatArrayPool.TryReturnReceived(slice.Value)) ((ILentArrays)slice).Release();
    }

    // A reply is the slice asked for, as long as its place.
    private static void Check(string key, float[] result, (int Index, int Start, int Length) place, SliceValue slice)
    {
        if (slice.Slice != place.Index || slice.TotalLength != result.Length || slice.Value.Count != place.Length)
            throw new InvalidOperationException(
                $"vector '{key}' slice {slice.Slice} (asked for slice {place.Index}) has {slice.Value.Count} of {slice.TotalLength} floats, expected {place.Length} of {result.Length}: was it initialized with another slice size?");
    }

    /// <summary>Drops the vector under <paramref name="key"/> of <paramref name="length"/> floats from every slice and from the catalog, freeing its memory.</summary>
    public async Task RemoveAsync(string key, int length, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        await Task.WhenAll(Slices(length).Select(s => AskSlice<SliceAck>(new RemoveSlice(key, s.Index), idempotent: true, cancellationToken))).ConfigureAwait(false);
        await AskSlice<SliceAck>(new CatalogRemove(key), idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every key in the catalog: a checkpoint to <see cref="RestoreAsync"/> after a node loss. Each
    /// vector is read consistently slice by slice, but pushes running meanwhile may land between slices.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A key's slices were lost (the snapshot cannot be complete).</exception>
    public async Task<IReadOnlyDictionary<string, float[]>> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await Region.Ask<CatalogEntries>(CatalogList.Instance, Timeout, cancellationToken).ConfigureAwait(false);
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
