using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>A driver-side collection cut into slices: slice i holds elements [i·n/k, (i+1)·n/k) (Spark's slicing).</summary>
[Serializable]
internal sealed class ParallelCollectionRdd<T> : Rdd<T>
{
    private readonly T[] _data;
    private readonly int _numSlices;

    public ParallelCollectionRdd(ClusterContext context, IEnumerable<T> data, int numSlices) : base(context)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numSlices < 1) throw new ArgumentOutOfRangeException(nameof(numSlices), numSlices, "Parallelize needs at least one slice.");
        _data = data.ToArray();
        _numSlices = numSlices;
    }

    internal override Partition[] GetPartitions() =>
        [.. Enumerable.Range(0, _numSlices).Select(i => new SlicePartition(i, SliceStart(i, _data.Length, _numSlices), SliceStart(i + 1, _data.Length, _numSlices)))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<T> Compute(Partition split, TaskContext context)
    {
        var s = (SlicePartition)split;
        return new ArraySegment<T>(_data, (int)s.Start, (int)(s.End - s.Start));
    }

    internal static long SliceStart(int slice, long length, int numSlices) => slice * length / numSlices;

    [Serializable]
    internal sealed class SlicePartition(int index, long start, long end) : Partition(index)
    {
        public long Start { get; } = start;

        public long End { get; } = end;
    }
}
