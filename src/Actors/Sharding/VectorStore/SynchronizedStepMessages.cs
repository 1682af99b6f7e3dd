namespace ActorNet.Actors.Sharding;

// Synchronous steps (MXNet's dist_sync): a slice's version counts the steps applied to it since its last
// initialization. Each of Contributors clients pushes once for step = version; when the last push arrives the
// slice applies the rule to the mean of the deltas and moves to version + 1. A pull for a version the slice has
// not reached yet is answered when it gets there.

/// <summary>One client's delta for a synchronous step; answered with <see cref="SliceAck"/> once recorded.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="TotalLength">The whole delta's length (a wrong-sized push changes nothing).</param>
/// <param name="Delta">This client's operand, as long as the slice: a run of the client's own vector (sent from it, not
/// copied), or, on the receiving node, a whole array that belongs to the message.</param>
/// <param name="Rule">The update rule applied to the mean delta, e.g. <c>sgd(0.01)</c> or <c>momentum(0.9)</c>.</param>
/// <param name="Step">The step, equal to the slice's current version.</param>
/// <param name="Contributors">How many pushes make the step complete.</param>
/// <param name="Contributor">The pushing client's id in 0..Contributors−1, or −1 for an anonymous client. With an id a
/// push is idempotent: a second push of the same client for the same step (a task run again after its first attempt
/// pushed) is acknowledged and ignored, and so is a push for a step already completed.</param>
public sealed record PushSliceAtStep(string Key, int Slice, int TotalLength, ArraySegment<float> Delta, string Rule, long Step, int Contributors, int Contributor = -1);

/// <summary>Reads a slice once it has applied <paramref name="Version"/> steps; answered with <see cref="SliceValue"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="Version">The number of steps the value must include.</param>
public sealed record PullSliceAtVersion(string Key, int Slice, long Version);
