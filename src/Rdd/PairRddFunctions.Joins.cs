using ActorNet.Rdd.Rdds;

namespace ActorNet.Rdd;

public static partial class PairRddFunctions
{
    /// <summary>For each key in either RDD, its values in this RDD and in <paramref name="other"/>.</summary>
    public static Rdd<(K, (V[], W[]))> CoGroup<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        new CoGroupedRdd<K, V, W>(rdd, other, partitioner);

    /// <summary>CoGroup into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, (V[], W[]))> CoGroup<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.CoGroup(other, new HashPartitioner(numPartitions));

    /// <summary>CoGroup with the default partitioner.</summary>
    public static Rdd<(K, (V[], W[]))> CoGroup<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) =>
        rdd.CoGroup(other, DefaultPartitioner(rdd, other));

    /// <summary>Every (k, (v, w)) with (k, v) in this RDD and (k, w) in <paramref name="other"/>.</summary>
    public static Rdd<(K, (V, W))> Join<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        rdd.CoGroup(other, partitioner).FlatMapValues(g => g.Item1.SelectMany(v => g.Item2.Select(w => (v, w))));

    /// <summary>Join into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, (V, W))> Join<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.Join(other, new HashPartitioner(numPartitions));

    /// <summary>Join with the default partitioner.</summary>
    public static Rdd<(K, (V, W))> Join<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) => rdd.Join(other, DefaultPartitioner(rdd, other));

    /// <summary>Like Join, keeping keys of this RDD missing from <paramref name="other"/> with None.</summary>
    public static Rdd<(K, (V, Option<W>))> LeftOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        rdd.CoGroup(other, partitioner).FlatMapValues(g =>
            g.Item2.Length == 0 ? g.Item1.Select(v => (v, Option<W>.None)) : g.Item1.SelectMany(v => g.Item2.Select(w => (v, Option<W>.Some(w)))));

    /// <summary>LeftOuterJoin into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, (V, Option<W>))> LeftOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.LeftOuterJoin(other, new HashPartitioner(numPartitions));

    /// <summary>LeftOuterJoin with the default partitioner.</summary>
    public static Rdd<(K, (V, Option<W>))> LeftOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) =>
        rdd.LeftOuterJoin(other, DefaultPartitioner(rdd, other));

    /// <summary>Like Join, keeping keys of <paramref name="other"/> missing from this RDD with None.</summary>
    public static Rdd<(K, (Option<V>, W))> RightOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        rdd.CoGroup(other, partitioner).FlatMapValues(g =>
            g.Item1.Length == 0 ? g.Item2.Select(w => (Option<V>.None, w)) : g.Item1.SelectMany(v => g.Item2.Select(w => (Option<V>.Some(v), w))));

    /// <summary>RightOuterJoin into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, (Option<V>, W))> RightOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.RightOuterJoin(other, new HashPartitioner(numPartitions));

    /// <summary>RightOuterJoin with the default partitioner.</summary>
    public static Rdd<(K, (Option<V>, W))> RightOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) =>
        rdd.RightOuterJoin(other, DefaultPartitioner(rdd, other));

    /// <summary>Like Join, keeping keys missing from either side with None.</summary>
    public static Rdd<(K, (Option<V>, Option<W>))> FullOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        rdd.CoGroup(other, partitioner).FlatMapValues(g =>
        {
            var left = g.Item1.Length == 0 ? [Option<V>.None] : g.Item1.Select(Option<V>.Some);
            var right = g.Item2.Length == 0 ? [Option<W>.None] : g.Item2.Select(Option<W>.Some);
            return left.SelectMany(v => right.Select(w => (v, w)));
        });

    /// <summary>FullOuterJoin into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, (Option<V>, Option<W>))> FullOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.FullOuterJoin(other, new HashPartitioner(numPartitions));

    /// <summary>FullOuterJoin with the default partitioner.</summary>
    public static Rdd<(K, (Option<V>, Option<W>))> FullOuterJoin<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) =>
        rdd.FullOuterJoin(other, DefaultPartitioner(rdd, other));

    /// <summary>
    /// The pairs of this RDD whose key is not in <paramref name="other"/> (Spark's subtractByKey), hashed by
    /// <paramref name="partitioner"/>; every pair of a surviving key is kept, duplicates included.
    /// </summary>
    public static Rdd<(K, V)> SubtractByKey<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, Partitioner partitioner) =>
        rdd.CoGroup(other, partitioner).MapPartitions(
            groups => groups.Where(g => g.Item2.Item2.Length == 0).SelectMany(g => g.Item2.Item1.Select(v => (g.Item1, v))),
            preservesPartitioning: true);

    /// <summary>SubtractByKey into <paramref name="numPartitions"/> hash partitions.</summary>
    public static Rdd<(K, V)> SubtractByKey<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other, int numPartitions) =>
        rdd.SubtractByKey(other, new HashPartitioner(numPartitions));

    /// <summary>SubtractByKey keeping this RDD's partitioner, else hashing into as many partitions as this RDD has (Spark's default here).</summary>
    public static Rdd<(K, V)> SubtractByKey<K, V, W>(this Rdd<(K, V)> rdd, Rdd<(K, W)> other) =>
        rdd.SubtractByKey(other, rdd.Partitioner ?? new HashPartitioner(rdd.NumPartitions));
}
