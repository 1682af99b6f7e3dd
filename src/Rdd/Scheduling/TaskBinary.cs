using System.Buffers;
using System.Reflection;
using System.Runtime.Loader;
using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// What every task of one stage attempt shares, serialized once per stage attempt (Spark's taskBinary):
/// a ShuffleMapTask's ShuffleDependency (with the parent RDD lineage), or a ResultTask's function (with the final RDD).
/// A task itself is then only (stage, attempt, partition, output index): <see cref="CreateTask"/> rebuilds it on an
/// executor from the shared object read back once. Task ends travel back as <see cref="SerializeEnd(TaskEndReason, IRddSerializer?)"/> bytes.
/// </summary>
/// <remarks>
/// The lineage is cut at shuffle boundaries (a <see cref="ShuffleDependency"/> does not ship its parent), and RDDs'
/// cached partitions and dependencies are rebuilt on the executor, so a binary holds the stage's own RDDs only.
/// RDDs read back belong to <see cref="IClosureHandles.ResolveContext"/> (an executor-side context over the executor's
/// <see cref="RddEnv"/>); accumulators resolve to zero copies whose additions inside a task go to the task's
/// own copy and come back in <see cref="TaskSucceeded.AccumulatorUpdates"/>.
/// </remarks>
internal static class TaskBinary
{
    private const byte KindSucceeded = 0, KindSucceededWithMapStatus = 1, KindException = 2, KindFetchFailed = 3, KindKilled = 4,
        KindSucceededWithFloatBody = 5;

    /// <summary>
    /// The shared part of <paramref name="task"/>'s stage attempt as bytes, and the assemblies it names (the
    /// application ones must be shipped). The DAG scheduler serializes each stage attempt once when it submits it,
    /// so for its tasks this returns those bytes without serializing again. Throws
    /// <see cref="TaskNotSerializableException"/> naming the field path of a value that cannot be sent.
    /// </summary>
    public static byte[] SerializeShared(SchedulerTask task, out IReadOnlySet<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(task);
        var binary = task.Binary ?? Prepare(task);
        assemblies = binary.Assemblies;
        return binary.Bytes;
    }

    /// <summary>Serializes the shared part of <paramref name="task"/> (the DAG scheduler does it once per stage attempt).</summary>
    internal static SerializedTaskBinary Prepare(SchedulerTask task)
    {
        var bytes = ClosureSerializer.Serialize(SharedOf(task), out var assemblies, out var broadcasts);
        return new SerializedTaskBinary(bytes, assemblies, broadcasts);
    }

    /// <summary>
    /// Reads a shared part back (once per stage attempt on an executor), resolving types in
    /// <paramref name="context"/> (null: the default context) and broadcasts, accumulators and the RDDs' context
    /// through <paramref name="handles"/>.
    /// </summary>
    public static object DeserializeShared(byte[] bytes, AssemblyLoadContext? context, IClosureHandles handles)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(handles);
        switch (ClosureSerializer.Deserialize(bytes, context, handles))
        {
            case ShuffleMapBinary map:
                map.Dependency.AttachParent(map.Rdd);
                return map;
            case ResultBinary result:
                return result;
            case var other:
                throw new InvalidDataException($"Task binary: expected a map or result stage's shared part, found {other?.GetType().FullName ?? "null"}.");
        }
    }

    /// <summary>
    /// A task of the stage attempt whose shared part is <paramref name="shared"/> (from <see cref="DeserializeShared"/>);
    /// <paramref name="outputId"/> (the partition's index in the job's list) is ignored for map tasks. Cheap: no copying.
    /// </summary>
    public static SchedulerTask CreateTask(object shared, int stageId, int stageAttempt, int partitionId, int outputId) => shared switch
    {
        ShuffleMapBinary map => new ShuffleMapTask(stageId, stageAttempt, map.Dependency, partitionId, []),
        ResultBinary result => new ResultTask(stageId, stageAttempt, result.Func, partitionId, outputId, []),
        _ => throw new ArgumentException($"Not a task binary's shared part: {shared?.GetType().FullName ?? "null"}.", nameof(shared)),
    };

    /// <summary>
    /// A task end as bytes. A <see cref="TaskSucceeded"/>'s value is written with <paramref name="serializer"/> (the
    /// data serializer, as Spark writes task results; default <see cref="BinaryRddSerializer"/>), its accumulator
    /// updates with their values.
    /// </summary>
    public static ArraySegment<byte> SerializeEnd(TaskEndReason reason, IRddSerializer? serializer = null) =>
        SerializeEnd(reason, serializer, pool: null, out _);

    /// <summary>
    /// <see cref="SerializeEnd(TaskEndReason, IRddSerializer?)"/> into an array rented from <paramref name="pool"/> when
    /// the end is a large array of numbers (a Collect partition): an executor sends megabytes per task, and a fresh array
    /// each time costs more in page faults than the copy. The caller gives <paramref name="rented"/> back once the bytes
    /// are sent (null: nothing was rented).
    /// </summary>
    public static ArraySegment<byte> SerializeEnd(TaskEndReason reason, IRddSerializer? serializer, ArrayPool<byte>? pool, out byte[]? rented)
    {
        ArgumentNullException.ThrowIfNull(reason);
        rented = null;
        var estimate = EstimatedEndSize(reason);
        if (pool is not null && estimate >= 1 << 20)
        {
            rented = pool.Rent(estimate);
            try
            {
                return WriteEnd(reason, serializer, new MemoryStream(rented, 0, rented.Length, writable: true, publiclyVisible: true));
            }
            catch (NotSupportedException)
            {
                // The estimate was short (the value was not what it looked like): write it the ordinary way.
                pool.Return(rented);
                rented = null;
            }
        }
        // Sized up front for an array of numbers, so a large result is written once, without the stream growing and
        // copying itself, and handed on as the stream's own buffer.
        return WriteEnd(reason, serializer, new MemoryStream(estimate));
    }

    private static ArraySegment<byte> WriteEnd(TaskEndReason reason, IRddSerializer? serializer, MemoryStream buffer)
    {
        using (var output = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            switch (reason)
            {
                case TaskSucceeded { Value: MapStatus status } success:
                    output.Write(KindSucceededWithMapStatus);
                    WriteMapStatus(output, status);
                    WriteUpdates(output, success.AccumulatorUpdates);
                    break;
                case TaskSucceeded success:
                    output.Write(KindSucceeded);
                    (serializer ?? BinaryRddSerializer.Instance).CodecFor<object?>().Write(output, success.Value);
                    WriteUpdates(output, success.AccumulatorUpdates);
                    break;
                case ExceptionFailure failure:
                    output.Write(KindException);
                    output.Write(failure.ClassName);
                    output.Write(failure.Message);
                    output.Write(failure.FullStackTrace);
                    break;
                case FetchFailed fetch:
                    output.Write(KindFetchFailed);
                    output.Write(fetch.ShuffleId);
                    output.Write(fetch.MapId);
                    output.Write(fetch.ReduceId);
                    WriteNullable(output, fetch.ExecutorId);
                    output.Write(fetch.Message);
                    break;
                case TaskKilled killed:
                    output.Write(KindKilled);
                    output.Write(killed.Reason);
                    break;
                default:
                    throw new ArgumentException($"Unknown task end reason {reason.GetType().Name}.", nameof(reason));
            }
        }
        // The position, not the length: a stream over a rented array is as long as the array from the start.
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, checked((int)buffer.Position));
    }

    private static int EstimatedEndSize(TaskEndReason reason) =>
        reason is TaskSucceeded { Value: Array { } array } && array.GetType().GetElementType() is { IsPrimitive: true }
            ? (int)Math.Min(int.MaxValue - 4096, Buffer.ByteLength(array) + 4096L)
            : 256;

    /// <summary>
    /// Splits a successful end whose value is a float array (a Collect partition of an <c>Rdd&lt;float&gt;</c>), or an
    /// array holding one float array (a partition of an <c>Rdd&lt;float[]&gt;</c> with one element), into that float array
    /// and the rest of the end, so that the floats go on the data plane straight from the array, with no serializer in
    /// between, and land in an array the driver keeps. <see cref="DeserializeEnd"/> joins them again.
    /// </summary>
    public static bool TrySplitFloatValue(TaskEndReason reason, out float[] values, out byte[] rest)
    {
        (float[]? floats, byte shape) = reason is TaskSucceeded success ? success.Value switch
        {
            float[] flat => (flat, FloatBodyIsTheValue),
            float[][] { Length: 1 } nested when nested[0] is not null => (nested[0], FloatBodyIsTheOnlyElement),
            _ => (null, (byte)0),
        } : (null, (byte)0);
        if (floats is null)
        {
            values = [];
            rest = [];
            return false;
        }
        var buffer = new MemoryStream();
        using (var output = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            output.Write(KindSucceededWithFloatBody);
            output.Write(shape);
            WriteUpdates(output, ((TaskSucceeded)reason).AccumulatorUpdates);
        }
        values = floats;
        rest = buffer.ToArray();
        return true;
    }

    private const byte FloatBodyIsTheValue = 0, FloatBodyIsTheOnlyElement = 1;

    private static object FloatValue(BinaryReader input, float[]? body)
    {
        if (body is null) throw new InvalidDataException("Task end: a float-valued end arrived without its floats.");
        var shape = input.ReadByte();
        return shape switch
        {
            FloatBodyIsTheValue => body,
            FloatBodyIsTheOnlyElement => new[] { body },
            _ => throw new InvalidDataException($"Task end: unknown float value shape {shape} at offset {input.BaseStream.Position - 1}."),
        };
    }

    /// <summary>
    /// Reads what <see cref="SerializeEnd(TaskEndReason, IRddSerializer?)"/> wrote; <paramref name="serializer"/> must match
    /// the writer's. For the rest of an end split by <see cref="TrySplitFloatValue"/>, <paramref name="floatValue"/> is the
    /// value that travelled beside it.
    /// </summary>
    public static TaskEndReason DeserializeEnd(ArraySegment<byte> bytes, AssemblyLoadContext? context, IClosureHandles handles, IRddSerializer? serializer = null,
        float[]? floatValue = null)
    {
        ArgumentNullException.ThrowIfNull(bytes.Array);
        using var input = new BinaryReader(new MemoryStream(bytes.Array, bytes.Offset, bytes.Count, writable: false), System.Text.Encoding.UTF8);
        var kind = input.ReadByte();
        TaskEndReason reason = kind switch
        {
            KindSucceeded => new TaskSucceeded((serializer ?? BinaryRddSerializer.Instance).CodecFor<object?>().Read(input), ReadUpdates(input, context, handles)),
            KindSucceededWithMapStatus => new TaskSucceeded(ReadMapStatus(input), ReadUpdates(input, context, handles)),
            KindException => new ExceptionFailure(input.ReadString(), input.ReadString(), input.ReadString()),
            KindFetchFailed => new FetchFailed(input.ReadInt32(), input.ReadInt32(), input.ReadInt32(), ReadNullable(input), input.ReadString()),
            KindKilled => new TaskKilled(input.ReadString()),
            KindSucceededWithFloatBody => new TaskSucceeded(FloatValue(input, floatValue), ReadUpdates(input, context, handles)),
            _ => throw new InvalidDataException($"Task end: unknown kind {kind} at offset 0."),
        };
        if (input.BaseStream.Position != bytes.Count)
            throw new InvalidDataException($"Task end: {bytes.Count - input.BaseStream.Position} bytes left after the {reason.GetType().Name} at offset {input.BaseStream.Position}.");
        return reason;
    }

    private static object SharedOf(SchedulerTask task) => task switch
    {
        ShuffleMapTask map => new ShuffleMapBinary(map.Dependency.Rdd, map.Dependency),
        ResultTask result => new ResultBinary(result.Func),
        _ => throw new ArgumentException($"Unknown task kind {task.GetType().Name}.", nameof(task)),
    };

    private static void WriteUpdates(BinaryWriter output, IReadOnlyList<IAccumulator> updates)
    {
        output.Write7BitEncodedInt(updates.Count);
        if (updates.Count == 0) return;
        var writer = new ClosureWriter(output);
        foreach (var update in updates) writer.WriteAccumulatorValue(update);
    }

    private static IReadOnlyList<IAccumulator> ReadUpdates(BinaryReader input, AssemblyLoadContext? context, IClosureHandles handles)
    {
        var count = input.Read7BitEncodedInt();
        if (count == 0) return [];
        var reader = new ClosureReader(input, context, handles);
        var updates = new IAccumulator[count];
        for (var i = 0; i < count; i++)
        {
            updates[i] = reader.ReadRoot() as IAccumulator
                ?? throw new InvalidDataException($"Task end: accumulator update {i} is not an accumulator (offset {input.BaseStream.Position}).");
        }
        return updates;
    }

    private static void WriteMapStatus(BinaryWriter output, MapStatus status)
    {
        output.Write(status.ExecutorId);
        output.Write(status.Host);
        output.Write(status.MapId);
        output.Write7BitEncodedInt(status.PartitionSizes.Length);
        foreach (var size in status.PartitionSizes) output.Write7BitEncodedInt64(size);
    }

    private static MapStatus ReadMapStatus(BinaryReader input)
    {
        var executorId = input.ReadString();
        var host = input.ReadString();
        var mapId = input.ReadInt32();
        var sizes = new long[input.Read7BitEncodedInt()];
        for (var i = 0; i < sizes.Length; i++) sizes[i] = input.Read7BitEncodedInt64();
        return new MapStatus(executorId, host, mapId, sizes);
    }

    private static void WriteNullable(BinaryWriter output, string? value)
    {
        output.Write(value is not null);
        if (value is not null) output.Write(value);
    }

    private static string? ReadNullable(BinaryReader input) => input.ReadBoolean() ? input.ReadString() : null;
}

/// <summary>
/// A stage attempt's shared part as bytes, the assemblies it names (the application ones must be on the executor)
/// and the driver's broadcasts it refers to, by id (their values must be available to the executor).
/// </summary>
internal sealed record SerializedTaskBinary(byte[] Bytes, IReadOnlySet<Assembly> Assemblies, IReadOnlyDictionary<long, object> Broadcasts);

/// <summary>A map stage's shared part: the stage's RDD and the shuffle it writes (whose parent is that RDD).</summary>
internal sealed record ShuffleMapBinary(IRdd Rdd, ShuffleDependency Dependency);

/// <summary>A result stage's shared part: the action's function, which holds the final RDD.</summary>
internal sealed record ResultBinary(Func<TaskContext, int, object?> Func);
