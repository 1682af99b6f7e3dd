using ActorNet.Rdd.Rdds;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd;

/// <summary>
/// Operations on RDDs of (key, value) pairs (Spark's <c>PairRDDFunctions</c>). Keys are compared with
/// their Equals/GetHashCode; null keys are allowed. Without a partitioner or partition count, the result
/// keeps the partitioner of an input that has one, else hash-partitions into the inputs' largest partition
/// count (or <c>actornet:rdd:default-parallelism</c> when that is configured), as Spark does.
/// </summary>
public static partial class PairRddFunctions
{
    /// <summary>Applies <paramref name="f"/> to each value, keeping keys and partitioning.</summary>
    public static Rdd<(K, U)> MapValues<K, V, U>(this Rdd<(K, V)> rdd, Func<V, U> f) =>
        new MapPartitionsRdd<(K, V), (K, U)>(rdd, (_, _, items) => items.Select(kv => (kv.Item1, f(kv.Item2))), preservesPartitioning: true);

    /// <summary>Maps each value to a sequence and pairs each item with the key, keeping partitioning.</summary>
    public static Rdd<(K, U)> FlatMapValues<K, V, U>(this Rdd<(K, V)> rdd, Func<V, IEnumerable<U>> f) =>
        new MapPartitionsRdd<(K, V), (K, U)>(rdd, (_, _, items) => items.SelectMany(kv => f(kv.Item2).Select(u => (kv.Item1, u))), preservesPartitioning: true);

    /// <summary>The keys.</summary>
    public static Rdd<K> Keys<K, V>(this Rdd<(K, V)> rdd) => rdd.Map(kv => kv.Item1);

    /// <summary>The values.</summary>
    public static Rdd<V> Values<K, V>(this Rdd<(K, V)> rdd) => rdd.Map(kv => kv.Item2);

    /// <summary>
    /// The general per-key aggregation: <paramref name="createCombiner"/> starts a combiner from a key's first
    /// value, <paramref name="mergeValue"/> adds values, <paramref name="mergeCombiners"/> merges combiners
    /// of different partitions. Combines on the map side first unless told not to.
    /// </summary>
    public static Rdd<(K, C)> CombineByKey<K, V, C>(this Rdd<(K, V)> rdd, Func<V, C> createCombiner, Func<C, V, C> mergeValue,
        Func<C, C, C> mergeCombiners, Partitioner partitioner, bool mapSideCombine = true)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        var aggregator = new Aggregator<K, V, C>(createCombiner, mergeValue, mergeCombiners);
        if (Equals(rdd.Partitioner, partitioner))
            return rdd.MapPartitions(items => CombineLocally(items, aggregator), preservesPartitioning: true);
        return new ShuffledRdd<K, V, C>(new ShuffleDependency<K, V, C>(rdd, partitioner, aggregator, mapSideCombine, null));
    }

    /// <summary><see cref="CombineByKey{K,V,C}(Rdd{ValueTuple{K,V}},Func{V,C},Func{C,V,C},Func{C,C,C},Partitioner,bool)"/> into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, C)> CombineByKey<K, V, C>(this Rdd<(K, V)> rdd, Func<V, C> createCombiner, Func<C, V, C> mergeValue,
        Func<C, C, C> mergeCombiners, int numPartitions) =>
        rdd.CombineByKey(createCombiner, mergeValue, mergeCombiners, new HashPartitioner(numPartitions));

    /// <summary>CombineByKey with the default partitioner.</summary>
    public static Rdd<(K, C)> CombineByKey<K, V, C>(this Rdd<(K, V)> rdd, Func<V, C> createCombiner, Func<C, V, C> mergeValue,
        Func<C, C, C> mergeCombiners) =>
        rdd.CombineByKey(createCombiner, mergeValue, mergeCombiners, DefaultPartitioner(rdd));

    /// <summary>Merges the values of each key with an associative, commutative function.</summary>
    public static Rdd<(K, V)> ReduceByKey<K, V>(this Rdd<(K, V)> rdd, Func<V, V, V> func) => rdd.ReduceByKey(DefaultPartitioner(rdd), func);

    /// <summary>ReduceByKey into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, V)> ReduceByKey<K, V>(this Rdd<(K, V)> rdd, Func<V, V, V> func, int numPartitions) =>
        rdd.ReduceByKey(new HashPartitioner(numPartitions), func);

    /// <summary>ReduceByKey with an explicit partitioner.</summary>
    public static Rdd<(K, V)> ReduceByKey<K, V>(this Rdd<(K, V)> rdd, Partitioner partitioner, Func<V, V, V> func) =>
        rdd.CombineByKey(v => v, func, func, partitioner);

    /// <summary>Aggregates each key's values from a copy of <paramref name="zeroValue"/> with <paramref name="seqOp"/>, merging with <paramref name="combOp"/>.</summary>
    public static Rdd<(K, U)> AggregateByKey<K, V, U>(this Rdd<(K, V)> rdd, U zeroValue, Partitioner partitioner, Func<U, V, U> seqOp, Func<U, U, U> combOp) =>
        rdd.CombineByKey(v => seqOp(ZeroValue.Copy(zeroValue), v), seqOp, combOp, partitioner);

    /// <summary>AggregateByKey into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, U)> AggregateByKey<K, V, U>(this Rdd<(K, V)> rdd, U zeroValue, int numPartitions, Func<U, V, U> seqOp, Func<U, U, U> combOp) =>
        rdd.AggregateByKey(zeroValue, new HashPartitioner(numPartitions), seqOp, combOp);

    /// <summary>AggregateByKey with the default partitioner.</summary>
    public static Rdd<(K, U)> AggregateByKey<K, V, U>(this Rdd<(K, V)> rdd, U zeroValue, Func<U, V, U> seqOp, Func<U, U, U> combOp) =>
        rdd.AggregateByKey(zeroValue, DefaultPartitioner(rdd), seqOp, combOp);

    /// <summary>Folds each key's values from a copy of <paramref name="zeroValue"/>.</summary>
    public static Rdd<(K, V)> FoldByKey<K, V>(this Rdd<(K, V)> rdd, V zeroValue, Partitioner partitioner, Func<V, V, V> func) =>
        rdd.CombineByKey(v => func(ZeroValue.Copy(zeroValue), v), func, func, partitioner);

    /// <summary>FoldByKey into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, V)> FoldByKey<K, V>(this Rdd<(K, V)> rdd, V zeroValue, int numPartitions, Func<V, V, V> func) =>
        rdd.FoldByKey(zeroValue, new HashPartitioner(numPartitions), func);

    /// <summary>FoldByKey with the default partitioner.</summary>
    public static Rdd<(K, V)> FoldByKey<K, V>(this Rdd<(K, V)> rdd, V zeroValue, Func<V, V, V> func) =>
        rdd.FoldByKey(zeroValue, DefaultPartitioner(rdd), func);

    /// <summary>All values of each key (no map-side combine: grouping does not shrink the data).</summary>
    public static Rdd<(K, V[])> GroupByKey<K, V>(this Rdd<(K, V)> rdd, Partitioner partitioner) =>
        rdd.CombineByKey(v => new List<V> { v }, (list, v) => { list.Add(v); return list; }, (a, b) => { a.AddRange(b); return a; },
            partitioner, mapSideCombine: false).MapValues(list => list.ToArray());

    /// <summary>GroupByKey into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, V[])> GroupByKey<K, V>(this Rdd<(K, V)> rdd, int numPartitions) => rdd.GroupByKey(new HashPartitioner(numPartitions));

    /// <summary>GroupByKey with the default partitioner.</summary>
    public static Rdd<(K, V[])> GroupByKey<K, V>(this Rdd<(K, V)> rdd) => rdd.GroupByKey(DefaultPartitioner(rdd));

    /// <summary>How many pairs each key has.</summary>
    public static Dictionary<K, long> CountByKey<K, V>(this Rdd<(K, V)> rdd) where K : notnull =>
        rdd.MapValues(_ => 1L).ReduceByKey((a, b) => a + b).Collect().ToDictionary(kv => kv.Item1, kv => kv.Item2);

    /// <summary>The pairs as a dictionary (the last value wins for a repeated key).</summary>
    public static Dictionary<K, V> CollectAsMap<K, V>(this Rdd<(K, V)> rdd) where K : notnull
    {
        var map = new Dictionary<K, V>();
        foreach (var (k, v) in rdd.Collect()) map[k] = v;
        return map;
    }

    /// <summary>Moves every pair to the partition <paramref name="partitioner"/> gives its key (no-op if already so partitioned).</summary>
    public static Rdd<(K, V)> PartitionBy<K, V>(this Rdd<(K, V)> rdd, Partitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        if (Equals(rdd.Partitioner, partitioner)) return rdd;
        return new ShuffledRdd<K, V, V>(new ShuffleDependency<K, V, V>(rdd, partitioner, null, false, null));
    }

    /// <summary>
    /// Sorts by key: range-partitions by sampled key bounds so that partition i's keys all precede partition
    /// i+1's, then sorts each partition.
    /// </summary>
    public static Rdd<(K, V)> SortByKey<K, V>(this Rdd<(K, V)> rdd, bool ascending = true, int? numPartitions = null)
    {
        var partitioner = new RangePartitioner<K, V>(numPartitions ?? rdd.NumPartitions, rdd, ascending);
        IComparer<K> ordering = ascending ? Comparer<K>.Default : new ReverseComparer<K>(Comparer<K>.Default);
        return new ShuffledRdd<K, V, V>(new ShuffleDependency<K, V, V>(rdd, partitioner, null, false, ordering));
    }

    /// <summary>
    /// Moves every pair to the partition <paramref name="partitioner"/> gives its key and sorts each partition by
    /// key during the shuffle (Spark's repartitionAndSortWithinPartitions: cheaper than PartitionBy followed by a
    /// sort in every partition). Always shuffles, even when the RDD already has that partitioner.
    /// </summary>
    public static Rdd<(K, V)> RepartitionAndSortWithinPartitions<K, V>(this Rdd<(K, V)> rdd, Partitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return new ShuffledRdd<K, V, V>(new ShuffleDependency<K, V, V>(rdd, partitioner, null, false, Comparer<K>.Default));
    }

    /// <summary>
    /// A sample with a different fraction per key (Spark's stratified sampleByKey): without replacement each pair is
    /// kept with probability fractions[key]; with replacement it appears Poisson(fractions[key]) times. One pass,
    /// so the sample size per key is only about fraction × count. Partition p draws from a generator seeded
    /// with seed + p. Every key in the RDD must have a fraction: a missing key fails the task.
    /// </summary>
    public static Rdd<(K, V)> SampleByKey<K, V>(this Rdd<(K, V)> rdd, bool withReplacement, IReadOnlyDictionary<K, double> fractions, long seed)
        where K : notnull
    {
        ArgumentNullException.ThrowIfNull(fractions);
        foreach (var (key, fraction) in fractions)
            if (!(fraction >= 0)) throw new ArgumentOutOfRangeException(nameof(fractions), fraction, $"Negative sampling rate for key {key}.");
        // A plain dictionary travels with the task whatever the caller's implementation.
        var byKey = fractions.ToDictionary(kv => kv.Key, kv => kv.Value);
        return rdd.MapPartitionsWithIndex((p, items) => Sampling.SampleByKey(items, withReplacement, byKey, seed + p), preservesPartitioning: true);
    }

    /// <summary>SampleByKey with a random seed.</summary>
    public static Rdd<(K, V)> SampleByKey<K, V>(this Rdd<(K, V)> rdd, bool withReplacement, IReadOnlyDictionary<K, double> fractions)
        where K : notnull =>
        rdd.SampleByKey(withReplacement, fractions, Random.Shared.NextInt64());

    /// <summary>The values of <paramref name="key"/>; reads only the key's partition when the partitioner is known.</summary>
    public static V[] LookUp<K, V>(this Rdd<(K, V)> rdd, K key)
    {
        var comparer = EqualityComparer<K>.Default;
        if (rdd.Partitioner is { } p)
        {
            var index = p.PartitionOf(key);
            return rdd.Context.RunJob(rdd, (_, items) => items.Where(kv => comparer.Equals(kv.Item1, key)).Select(kv => kv.Item2).ToArray(), [index])[0];
        }
        return rdd.Filter(kv => comparer.Equals(kv.Item1, key)).Values().Collect();
    }

    /// <summary>
    /// Spark's defaultPartitioner: the partitioner of the input with the most partitions among those that
    /// have one, if it is within 10x of the largest input or at least the default count; else hash.
    /// </summary>
    internal static Partitioner DefaultPartitioner(params IRdd[] rdds)
    {
        var withPartitioner = rdds.Where(r => r.Partitioner is { NumPartitions: > 0 }).ToArray();
        var best = withPartitioner.Length > 0 ? withPartitioner.MaxBy(r => r.Partitions.Length) : null;
        var maxPartitions = rdds.Max(r => r.Partitions.Length);
        var context = rdds[0].Context;
        var defaultCount = context.DefaultParallelismIsSet ? context.DefaultParallelism : maxPartitions;
        if (best is not null && (Math.Log10(maxPartitions) - Math.Log10(best.Partitions.Length) < 1 || defaultCount <= best.Partitioner!.NumPartitions))
            return best.Partitioner!;
        return new HashPartitioner(defaultCount);
    }

    private static IEnumerable<(K, C)> CombineLocally<K, V, C>(IEnumerable<(K, V)> items, Aggregator<K, V, C> aggregator)
    {
        var map = new Dictionary<NullSafeKey<K>, C>();
        foreach (var (k, v) in items)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, new NullSafeKey<K>(k), out var exists);
            slot = exists ? aggregator.MergeValue(slot!, v) : aggregator.CreateCombiner(v);
        }
        return map.Select(kv => (kv.Key.Value, kv.Value));
    }
}
