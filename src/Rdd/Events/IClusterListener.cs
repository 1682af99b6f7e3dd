namespace ActorNet.Rdd.Events;

/// <summary>
/// Receives a driver's events (Spark's <c>SparkListener</c>), added with <see cref="ClusterContext.AddListener"/>. Called
/// on the listener bus's one thread, in the order the events were posted; a listener that throws is logged and kept.
/// </summary>
public interface IClusterListener
{
    /// <summary>Handles one event; should return quickly (a slow listener delays the others, never the scheduler).</summary>
    void OnEvent(ListenerEvent e);
}
