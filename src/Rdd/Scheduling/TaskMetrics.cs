using MessagePack;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// What a task attempt did, measured on its executor (a few of Spark's <c>TaskMetrics</c>): how long it ran, and the
/// shuffle bytes and records it read and wrote. Travels back with the task's end (five longs in the cluster's
/// <c>TaskEnded</c> message), and the driver's UI sums it per executor and per stage.
/// </summary>
/// <param name="RunTimeMicros">Microseconds the task's code ran on the executor (Spark's executorRunTime, finer).</param>
/// <param name="ShuffleReadBytes">Bytes of map output the task fetched, from its own executor and from others.</param>
/// <param name="ShuffleReadRecords">Records it read from those bytes.</param>
/// <param name="ShuffleWriteBytes">Bytes of shuffle output it wrote (a map task).</param>
/// <param name="ShuffleWriteRecords">Records it wrote there (after a map-side combine, the combined ones).</param>
[MessagePackObject]
internal sealed record TaskMetrics(
    [property: Key(0)] long RunTimeMicros,
    [property: Key(1)] long ShuffleReadBytes,
    [property: Key(2)] long ShuffleReadRecords,
    [property: Key(3)] long ShuffleWriteBytes,
    [property: Key(4)] long ShuffleWriteRecords)
{
    /// <summary>A task that did not run (killed while queued, or its code could not be read).</summary>
    public static readonly TaskMetrics None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Counts a running task's shuffle reads and writes (<see cref="TaskContext.Metrics"/>); thread-safe, since a task's
/// iterators may be drained on a thread it started.
/// </summary>
internal sealed class TaskMetricsRecorder
{
    private long _readBytes, _readRecords, _writeBytes, _writeRecords;

    public void ShuffleRead(long bytes, long records)
    {
        if (bytes != 0) Interlocked.Add(ref _readBytes, bytes);
        if (records != 0) Interlocked.Add(ref _readRecords, records);
    }

    public void ShuffleWrite(long bytes, long records)
    {
        Interlocked.Add(ref _writeBytes, bytes);
        Interlocked.Add(ref _writeRecords, records);
    }

    /// <summary>The counts so far, with the task's run time.</summary>
    public TaskMetrics Snapshot(TimeSpan runTime) => new((long)runTime.TotalMicroseconds, Interlocked.Read(ref _readBytes), Interlocked.Read(ref _readRecords),
        Interlocked.Read(ref _writeBytes), Interlocked.Read(ref _writeRecords));
}
