namespace ActorNet.Rdd.Closures;

/// <summary>
/// Turns the references a closure carries to application-wide objects back into objects on the receiving
/// side: a <see cref="Broadcast{T}"/> is sent as its id (the executor fetches the value once per worker) and an
/// accumulator as its id (the task adds to a task-local copy that goes back with the task's result).
/// </summary>
internal interface IClosureHandles
{
    /// <summary>The broadcast of type <paramref name="broadcastType"/> with id <paramref name="id"/>.</summary>
    object ResolveBroadcast(Type broadcastType, long id);

    /// <summary>The accumulator of type <paramref name="accumulatorType"/> with id <paramref name="id"/> that the running task adds to.</summary>
    object ResolveAccumulator(Type accumulatorType, long id);
}

/// <summary>Handles for a closure read back in the process that wrote it: ids map to the driver's own objects.</summary>
internal sealed class InProcessClosureHandles : IClosureHandles
{
    private readonly Dictionary<long, object> _broadcasts = new();
    private readonly Dictionary<long, object> _accumulators = new();

    public void AddBroadcast(long id, object broadcast) => _broadcasts[id] = broadcast;

    public void AddAccumulator(long id, object accumulator) => _accumulators[id] = accumulator;

    public object ResolveBroadcast(Type broadcastType, long id) =>
        _broadcasts.TryGetValue(id, out var b) ? b : throw new InvalidOperationException($"Broadcast({id}) of type {broadcastType} is unknown here.");

    public object ResolveAccumulator(Type accumulatorType, long id) =>
        _accumulators.TryGetValue(id, out var a) ? a : throw new InvalidOperationException($"Accumulator {id} of type {accumulatorType} is unknown here.");
}
