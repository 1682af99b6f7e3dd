namespace ActorNet.Rdd;

/// <summary>
/// Thrown on the driver, before any task runs, when a function given to an RDD operator captures a value
/// that cannot be sent to a worker (Spark's "Task not serializable"). The message names the captured field,
/// its path from the closure and its type.
/// </summary>
public sealed class TaskNotSerializableException : Exception
{
    /// <summary>Creates the exception for the field at <paramref name="fieldPath"/> holding a <paramref name="fieldType"/>.</summary>
    /// <param name="fieldPath">The captured field, dotted from the closure (for example <c>holder.conn</c>).</param>
    /// <param name="fieldType">The runtime type of the value that cannot be serialized.</param>
    /// <param name="reason">Why the value cannot be serialized, or null for the generic reason.</param>
    public TaskNotSerializableException(string fieldPath, Type fieldType, string? reason = null)
        : base($"Task not serializable: closure captures field '{fieldPath}' of type {fieldType.FullName}, which cannot be serialized"
               + (reason is null ? "." : $" ({reason})."))
    {
        FieldPath = fieldPath;
        FieldType = fieldType;
    }

    /// <summary>The captured field, dotted from the closure.</summary>
    public string FieldPath { get; }

    /// <summary>The runtime type of the value that cannot be serialized.</summary>
    public Type FieldType { get; }
}
