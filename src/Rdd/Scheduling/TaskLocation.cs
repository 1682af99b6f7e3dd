namespace ActorNet.Rdd.Scheduling;

/// <summary>Where a task would like to run: a host, optionally a specific executor on it.</summary>
internal readonly record struct TaskLocation(string Host, string? ExecutorId)
{
    public override string ToString() => ExecutorId is null ? Host : $"executor_{Host}_{ExecutorId}";
}
