namespace ActorNet.Rdd.Closures;

/// <summary>
/// Turns the references a closure carries to application-wide objects back into objects on the receiving
/// side: a <see cref="Broadcast{T}"/> is sent as its id (the executor fetches the value once per worker), an
/// accumulator as its id and a zero copy (the task adds to a task-local copy that goes back with the task's
/// result), and the <see cref="ClusterContext"/> an RDD belongs to as a marker (the context of the process
/// reading it).
/// </summary>
internal interface IClosureHandles
{
    /// <summary>The broadcast of type <paramref name="broadcastType"/> with id <paramref name="id"/>.</summary>
    object ResolveBroadcast(Type broadcastType, long id);

    /// <summary>
    /// The accumulator with id <paramref name="id"/> that code read here adds to. <paramref name="zeroCopy"/> is the
    /// sender's accumulator reset to zero, with the same id and name: an executor returns it (inside a task
    /// <c>Add</c> goes to the running task's own copy, which travels back with <see cref="Scheduling.TaskSucceeded"/>);
    /// the driver returns its registered instance.
    /// </summary>
    object ResolveAccumulator(Type accumulatorType, long id, object zeroCopy);

    /// <summary>The context an RDD read here belongs to: the driver's own, or an executor-side one (<see cref="ClusterContext.ForExecutor"/>).</summary>
    ClusterContext ResolveContext();
}

/// <summary>
/// Handles for a closure read back in the process that wrote it: ids map to the driver's own objects, and RDDs
/// belong to <see cref="ResolveContext"/>'s context (given at construction).
/// </summary>
internal sealed class InProcessClosureHandles(ClusterContext? context = null) : IClosureHandles
{
    private readonly Dictionary<long, object> _broadcasts = new();
    private readonly Dictionary<long, object> _accumulators = new();

    public void AddBroadcast(long id, object broadcast) => _broadcasts[id] = broadcast;

    public void AddAccumulator(long id, object accumulator) => _accumulators[id] = accumulator;

    public object ResolveBroadcast(Type broadcastType, long id) =>
        _broadcasts.TryGetValue(id, out var b) ? b : throw new InvalidOperationException($"Broadcast({id}) of type {broadcastType} is unknown here.");

    public object ResolveAccumulator(Type accumulatorType, long id, object zeroCopy) =>
        _accumulators.TryGetValue(id, out var a) ? a : throw new InvalidOperationException($"Accumulator {id} of type {accumulatorType} is unknown here.");

    public ClusterContext ResolveContext() =>
        context ?? throw new InvalidOperationException("The closure references a ClusterContext (through an RDD), but these handles were created without one.");
}

/// <summary>
/// Handles on an executor: RDDs belong to the executor-side context, accumulators resolve to their zero copies
/// (so additions inside a task go to that task's copy and back to the driver with the task's result), and
/// broadcasts are fetched by <paramref name="resolveBroadcast"/> (the executor's broadcast cache).
/// </summary>
internal sealed class ExecutorClosureHandles(ClusterContext context, Func<Type, long, object> resolveBroadcast) : IClosureHandles
{
    public object ResolveBroadcast(Type broadcastType, long id) => resolveBroadcast(broadcastType, id);

    public object ResolveAccumulator(Type accumulatorType, long id, object zeroCopy) => zeroCopy;

    public ClusterContext ResolveContext() => context;
}
