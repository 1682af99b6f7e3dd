using ActorNet.Rdd.Rdds;

namespace ActorNet.Rdd;

public abstract partial class Rdd<T>
{
    /// <summary>Applies <paramref name="f"/> to every element.</summary>
    public Rdd<U> Map<U>(Func<T, U> f) => new MapPartitionsRdd<T, U>(this, (_, _, items) => items.Select(f));

    /// <summary>Keeps the elements that satisfy <paramref name="predicate"/>.</summary>
    public Rdd<T> Filter(Func<T, bool> predicate) => new MapPartitionsRdd<T, T>(this, (_, _, items) => items.Where(predicate), preservesPartitioning: true);

    /// <summary>Maps every element to a sequence and concatenates the sequences.</summary>
    public Rdd<U> FlatMap<U>(Func<T, IEnumerable<U>> f) => new MapPartitionsRdd<T, U>(this, (_, _, items) => items.SelectMany(f));

    /// <summary>Applies <paramref name="f"/> to each partition's elements as a whole.</summary>
    public Rdd<U> MapPartitions<U>(Func<IEnumerable<T>, IEnumerable<U>> f) => MapPartitions(f, false);

    /// <summary>
    /// Applies <paramref name="f"/> to each partition's elements as a whole; <paramref name="preservesPartitioning"/>
    /// says that <paramref name="f"/> keeps pair keys where they are, so the partitioner is kept.
    /// </summary>
    public Rdd<U> MapPartitions<U>(Func<IEnumerable<T>, IEnumerable<U>> f, bool preservesPartitioning) =>
        new MapPartitionsRdd<T, U>(this, (_, _, items) => f(items), preservesPartitioning);

    /// <summary>Like <see cref="MapPartitions{U}(Func{IEnumerable{T}, IEnumerable{U}})"/>, also passing the partition index.</summary>
    public Rdd<U> MapPartitionsWithIndex<U>(Func<int, IEnumerable<T>, IEnumerable<U>> f) => MapPartitionsWithIndex(f, false);

    /// <summary>Like <see cref="MapPartitions{U}(Func{IEnumerable{T}, IEnumerable{U}}, bool)"/>, also passing the partition index.</summary>
    public Rdd<U> MapPartitionsWithIndex<U>(Func<int, IEnumerable<T>, IEnumerable<U>> f, bool preservesPartitioning) =>
        new MapPartitionsRdd<T, U>(this, (_, index, items) => f(index, items), preservesPartitioning);

    /// <summary>Each partition as one array.</summary>
    public Rdd<T[]> Glom() => new MapPartitionsRdd<T, T[]>(this, (_, _, items) => [items.ToArray()]);

    /// <summary>The elements of this RDD followed by those of <paramref name="other"/> (duplicates kept).</summary>
    public Rdd<T> Union(Rdd<T> other) => new UnionRdd<T>(Context, [this, other]);

    /// <summary>Pairs the i-th element of each partition with the i-th element of the same partition of <paramref name="other"/>.</summary>
    public Rdd<(T, U)> Zip<U>(Rdd<U> other) => new ZippedPartitionsRdd<T, U, (T, U)>(this, other, ZipIterators);

    /// <summary>Applies <paramref name="f"/> to partition i of this RDD and of <paramref name="other"/> together.</summary>
    public Rdd<V> ZipPartitions<U, V>(Rdd<U> other, Func<IEnumerable<T>, IEnumerable<U>, IEnumerable<V>> f) => ZipPartitions(other, f, false);

    /// <summary>Applies <paramref name="f"/> to partition i of both RDDs, keeping this RDD's partitioner when told.</summary>
    public Rdd<V> ZipPartitions<U, V>(Rdd<U> other, Func<IEnumerable<T>, IEnumerable<U>, IEnumerable<V>> f, bool preservesPartitioning) =>
        new ZippedPartitionsRdd<T, U, V>(this, other, f, preservesPartitioning);

    /// <summary>Pairs each element with its index in the RDD's order (runs a job to count all partitions but the last).</summary>
    public Rdd<(T, long)> ZipWithIndex() => new ZippedWithIndexRdd<T>(this);

    /// <summary>Pairs each element with a unique id: the k-th element of partition p gets k·n + p (n partitions); runs no job.</summary>
    public Rdd<(T, long)> ZipWithUniqueId()
    {
        long n = NumPartitions;
        return MapPartitionsWithIndex((p, items) => items.Select((x, k) => (x, k * n + p)));
    }

    /// <summary>The distinct elements (by their Equals/GetHashCode), shuffled into <paramref name="numPartitions"/> partitions.</summary>
    public Rdd<T> Distinct(int numPartitions) =>
        Map(x => (x, (byte)0)).ReduceByKey<T, byte>((a, _) => a, numPartitions).Keys();

    /// <summary>The distinct elements, keeping the number of partitions.</summary>
    public Rdd<T> Distinct() => Distinct(NumPartitions);

    /// <summary>
    /// A random sample: each element kept with probability <paramref name="fraction"/> (without replacement),
    /// or kept a Poisson(<paramref name="fraction"/>) number of times (with replacement). Partition p draws from
    /// a generator seeded with seed + p, so the same seed gives the same sample.
    /// </summary>
    public Rdd<T> Sample(bool withReplacement, double fraction, long seed)
    {
        if (fraction < 0 || (!withReplacement && fraction > 1) || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, withReplacement ? "The fraction must be at least 0." : "The fraction must be in [0, 1] without replacement.");
        return new MapPartitionsRdd<T, T>(this, (_, p, items) => Sampling.Sample(items, withReplacement, fraction, seed + p), preservesPartitioning: true);
    }

    /// <summary>A random sample with a random seed.</summary>
    public Rdd<T> Sample(bool withReplacement, double fraction) => Sample(withReplacement, fraction, Random.Shared.NextInt64());

    /// <summary>Splits the RDD randomly into parts with the given relative weights; together they hold every element once.</summary>
    public Rdd<T>[] RandomSplit(double[] weights, long seed)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0 || weights.Any(w => w < 0 || double.IsNaN(w)) || weights.Sum() <= 0)
            throw new ArgumentException("Weights must be non-negative with a positive sum.", nameof(weights));
        var sum = weights.Sum();
        var bounds = new double[weights.Length + 1];
        for (var i = 0; i < weights.Length; i++) bounds[i + 1] = bounds[i] + weights[i] / sum;
        bounds[^1] = 1.0;
        return [.. Enumerable.Range(0, weights.Length).Select(i =>
        {
            var (lb, ub) = (bounds[i], bounds[i + 1]);
            return (Rdd<T>)new MapPartitionsRdd<T, T>(this, (_, p, items) => Sampling.Range(items, lb, ub, seed + p), preservesPartitioning: true);
        })];
    }

    /// <summary>Splits the RDD randomly with a random seed.</summary>
    public Rdd<T>[] RandomSplit(double[] weights) => RandomSplit(weights, Random.Shared.NextInt64());

    /// <summary>Exactly <paramref name="n"/> partitions through a shuffle that spreads elements evenly.</summary>
    public Rdd<T> Repartition(int n) => Coalesce(n, shuffle: true);

    /// <summary>
    /// Reduces the number of partitions. Without shuffle, each new partition concatenates a range of
    /// parents (no more partitions than the parent). With shuffle, partition p sends its elements
    /// round-robin to the targets starting after a random position seeded by p, as Spark does.
    /// </summary>
    public Rdd<T> Coalesce(int n, bool shuffle = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (!shuffle) return new CoalescedRdd<T>(this, n);
        var distributed = MapPartitionsWithIndex((index, items) => Distribute(index, items, n));
        var shuffled = distributed.PartitionBy(new HashPartitioner(n));
        return new CoalescedRdd<(int, T)>(shuffled, n).Values();
    }

    /// <summary>Sorts by the key <paramref name="key"/> gives, range-partitioning the result into as many partitions.</summary>
    public Rdd<T> SortBy<K>(Func<T, K> key, bool ascending = true) => SortBy(key, ascending, NumPartitions);

    /// <summary>Sorts by the key <paramref name="key"/> gives into <paramref name="numPartitions"/> range partitions.</summary>
    public Rdd<T> SortBy<K>(Func<T, K> key, bool ascending, int numPartitions) =>
        KeyBy(key).SortByKey(ascending, numPartitions).Values();

    /// <summary>Pairs each element with the key <paramref name="f"/> computes: (f(x), x).</summary>
    public Rdd<(K, T)> KeyBy<K>(Func<T, K> f) => Map(x => (f(x), x));

    /// <summary>
    /// Groups the elements by the key <paramref name="key"/> gives (Spark's groupBy): (key, elements) per key, with
    /// the default partitioner. Like GroupByKey it moves every element; prefer ReduceByKey/AggregateByKey to aggregate.
    /// </summary>
    public Rdd<(K, T[])> GroupBy<K>(Func<T, K> key) => GroupBy(key, PairRddFunctions.DefaultPartitioner(this));

    /// <summary>GroupBy into <paramref name="numPartitions"/> hash partitions.</summary>
    public Rdd<(K, T[])> GroupBy<K>(Func<T, K> key, int numPartitions) => GroupBy(key, new HashPartitioner(numPartitions));

    /// <summary>GroupBy with an explicit partitioner.</summary>
    public Rdd<(K, T[])> GroupBy<K>(Func<T, K> key, Partitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Map(x => (key(x), x)).GroupByKey(partitioner);
    }

    /// <summary>
    /// Pipes each partition through an external command (Spark's pipe), one process per partition run with
    /// <c>/bin/sh -c <paramref name="command"/></c>: the elements are written to its standard input one per line
    /// (by ToString), the lines of its standard output are the new RDD's elements. A non-zero exit fails the task
    /// with an <see cref="InvalidOperationException"/> giving the exit status, the command and the end of its
    /// standard error. A command that stops reading its input early (<c>head -n 1</c>) is not an error by itself.
    /// </summary>
    public Rdd<string> Pipe(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        return new MapPartitionsRdd<T, string>(this, (_, _, items) => PipedProcess.Run(command, items));
    }

    /// <summary>Every pair (a, b) of an element of this RDD and one of <paramref name="other"/>.</summary>
    public Rdd<(T, U)> Cartesian<U>(Rdd<U> other) => new CartesianRdd<T, U>(this, other);

    /// <summary>The distinct elements present in both RDDs.</summary>
    public Rdd<T> Intersection(Rdd<T> other) =>
        Map(x => (x, (byte)0)).CoGroup(other.Map(x => (x, (byte)0)))
            .Filter(g => g.Item2.Item1.Length > 0 && g.Item2.Item2.Length > 0).Keys();

    /// <summary>The distinct elements present in both RDDs, in <paramref name="numPartitions"/> partitions.</summary>
    public Rdd<T> Intersection(Rdd<T> other, int numPartitions) =>
        Map(x => (x, (byte)0)).CoGroup(other.Map(x => (x, (byte)0)), numPartitions)
            .Filter(g => g.Item2.Item1.Length > 0 && g.Item2.Item2.Length > 0).Keys();

    /// <summary>The elements of this RDD that are not in <paramref name="other"/> (duplicates of this RDD kept).</summary>
    public Rdd<T> Subtract(Rdd<T> other) => Subtract(other, NumPartitions);

    /// <summary>Like <see cref="Subtract(Rdd{T})"/>, into <paramref name="numPartitions"/> partitions.</summary>
    public Rdd<T> Subtract(Rdd<T> other, int numPartitions) =>
        Map(x => (x, (byte)0)).CoGroup(other.Map(x => (x, (byte)0)), numPartitions)
            .FlatMap<T>(g => g.Item2.Item2.Length == 0 ? g.Item2.Item1.Select(_ => g.Item1) : []);

    private static IEnumerable<(T, U)> ZipIterators<U>(IEnumerable<T> first, IEnumerable<U> second)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (hasA != hasB) throw new InvalidOperationException("Can only zip RDDs with same number of elements in each partition");
            if (!hasA) yield break;
            yield return (a.Current, b.Current);
        }
    }

    private static IEnumerable<(int, T)> Distribute(int index, IEnumerable<T> items, int numPartitions)
    {
        var position = new XorShiftRandom(index).NextInt(numPartitions);
        foreach (var item in items) yield return (++position, item);
    }
}
