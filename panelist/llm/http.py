"""HTTP plumbing shared by the vendor backends: status mapping and server-sent events."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from panelist.errors import LLMError


class RetryableHTTPError(LLMError):
    """A 429, a 5xx, a timeout or a dropped connection: worth trying again."""

    def __init__(self, message: str, *, status: int | None, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def raise_for_status(response: httpx.Response, backend: str) -> None:
    """Map a vendor's HTTP error to LLMError (retryable or not), with a message that says why."""
    status = response.status_code
    if status < 400:
        return
    body = response.text[:300] if not response.is_stream_consumed or response.content else ""
    if status == 429 or status >= 500:
        raise RetryableHTTPError(
            f"{backend} answered HTTP {status}: {body}",
            status=status,
            retry_after=_retry_after(response),
        )
    if status in (401, 403):
        raise LLMError(
            f"{backend} refused the credentials (HTTP {status}).",
            hint="Check PANELIST_LLM_API_KEY (or the vendor's usual key variable).",
        )
    if status == 404:
        raise LLMError(
            f"{backend} does not know this model or path (HTTP 404): {body}",
            hint="Check PANELIST_LLM_MODEL and PANELIST_LLM_BASE_URL.",
        )
    raise LLMError(f"{backend} rejected the request (HTTP {status}): {body}")


async def iter_sse_data(response: httpx.Response) -> AsyncIterator[str]:
    """Yield the ``data:`` payloads of a server-sent-events response."""
    async for line in response.aiter_lines():
        if line.startswith("data:"):
            yield line[5:].strip()


def transport_error(backend: str, exc: httpx.HTTPError) -> RetryableHTTPError:
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    return RetryableHTTPError(
        f"The call to {backend} {kind}: {exc.__class__.__name__}.", status=None, retry_after=None
    )
