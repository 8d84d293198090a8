namespace Crm.Kernel.Errors;

/// <summary>The requested record does not exist (or the caller may not know that it exists). Maps to 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller is signed in but may not do this. Maps to 403; nothing was changed.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>
/// The record changed since the caller read it, or the request clashes with existing data. Maps to 409 (or 412 for If-Match).
/// </summary>
public sealed class ConflictException(string message) : Exception(message);
