using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Rdds;

/// <summary>
/// Groups two pair RDDs by key: for every key, the values from each side. A side already partitioned by
/// the target partitioner is read through a narrow dependency; the other is shuffled.
/// </summary>
[Serializable]
internal sealed class CoGroupedRdd<K, V, W> : Rdd<(K, (V[], W[]))>
{
    private readonly Partitioner _partitioner;
    private readonly Dependency _leftDep, _rightDep;

    public CoGroupedRdd(Rdd<(K, V)> left, Rdd<(K, W)> right, Partitioner partitioner) : base(left.Context)
    {
        _partitioner = partitioner;
        _leftDep = Equals(left.Partitioner, partitioner) ? new OneToOneDependency(left) : new ShuffleDependency<K, V, V>(left, partitioner, null, false, null);
        _rightDep = Equals(right.Partitioner, partitioner) ? new OneToOneDependency(right) : new ShuffleDependency<K, W, W>(right, partitioner, null, false, null);
    }

    public override Partitioner Partitioner => _partitioner;

    internal override Partition[] GetPartitions() => [.. Enumerable.Range(0, _partitioner.NumPartitions).Select(i => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [_leftDep, _rightDep];

    internal override IEnumerable<(K, (V[], W[]))> Compute(Partition split, TaskContext context)
    {
        var groups = new Dictionary<NullSafeKey<K>, (List<V> Left, List<W> Right)>();
        (List<V>, List<W>) Group(K key)
        {
            var k = new NullSafeKey<K>(key);
            if (!groups.TryGetValue(k, out var g)) groups[k] = g = ([], []);
            return g;
        }
        foreach (var (k, v) in Side<V>(_leftDep, split.Index, context)) Group(k).Item1.Add(v);
        foreach (var (k, w) in Side<W>(_rightDep, split.Index, context)) Group(k).Item2.Add(w);
        return groups.Select(g => (g.Key.Value, (g.Value.Left.ToArray(), g.Value.Right.ToArray())));
    }

    // A shuffled side is read from map outputs (its parent RDD is not shipped); a narrow side is computed here.
    private static IEnumerable<(K, X)> Side<X>(Dependency dep, int partition, TaskContext context)
    {
        if (dep is ShuffleDependency<K, X, X> shuffle) return context.Env.ShuffleManager.Read(shuffle, partition, context);
        var rdd = (Rdd<(K, X)>)dep.Rdd;
        return rdd.Iterator(rdd.Partitions[partition], context);
    }
}
