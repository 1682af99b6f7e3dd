namespace ActorNet.Gpu;

/// <summary>A device was asked for that this machine cannot run; the message names what is missing.</summary>
public sealed class ComputeDeviceUnavailableException : Exception
{
    /// <summary>Creates the exception with a message naming the device and what it lacks.</summary>
    public ComputeDeviceUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
