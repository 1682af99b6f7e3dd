using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>The role names ActorNet's own nodes declare, and the rule every role name follows.</summary>
public static class ClusterRoles
{
    /// <summary>A seed node: the contact point new nodes join through.</summary>
    public const string Seed = "seed";

    /// <summary>A worker node: runs tasks and trains nets.</summary>
    public const string Worker = "worker";

    /// <summary>A parameter-server node: hosts shards of the float-vector store.</summary>
    public const string Server = "server";

    /// <summary>The driver of an application.</summary>
    public const string Driver = "driver";

    /// <summary>
    /// Checks role names (non-empty; letters, digits, '-', '_' and '.') and returns them as a set.
    /// </summary>
    /// <param name="roles">The role names.</param>
    /// <returns>The roles, sorted, duplicates dropped.</returns>
    /// <exception cref="ArgumentException">A role name is empty or holds another character.</exception>
    public static ImmutableSortedSet<string> Validate(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var builder = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (string role in roles)
        {
            if (string.IsNullOrEmpty(role))
                throw new ArgumentException("A role name is empty.", nameof(roles));
            if (!role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"Role name '{role}' may only hold letters, digits, '-', '_' and '.'.", nameof(roles));
            builder.Add(role);
        }
        return builder.ToImmutable();
    }
}
