"""HTTP plumbing shared by the vendor backends: status mapping and server-sent events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from panelist.errors import LLMError, LLMResponseError


class RetryableHTTPError(LLMError):
    """A 429, a 5xx, a timeout or a dropped connection: worth trying again."""

    def __init__(self, message: str, *, status: int | None, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def outcome(self) -> str:
        """The metrics outcome label: rate_limited, timeout or error."""
        if self.status == 429:
            return "rate_limited"
        if self.status is None and "timed out" in self.message:
            return "timeout"
        return "error"


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


class VendorHTTP:
    """POSTs JSON to one vendor and reads JSON or server-sent JSON events back.

    A client is made per call: a synchronous caller runs each call in its own event
    loop, and pooled connections must not outlive the loop that opened them.
    """

    def __init__(
        self,
        backend: str,
        base_url: str,
        *,
        headers: dict[str, str],
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.backend = backend
        self.base_url = base_url.rstrip("/")
        self._headers = headers
        self._timeout = httpx.Timeout(timeout_seconds)
        self._transport = transport

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url,
            headers=self._headers,
            timeout=self._timeout,
            transport=self._transport,
        )

    async def post_json(
        self, path: str, body: dict[str, Any], timeout_seconds: float | None = None
    ) -> dict[str, Any]:
        try:
            async with self._client() as client:
                response = await client.post(
                    path, json=body, timeout=timeout_seconds or httpx.USE_CLIENT_DEFAULT
                )
        except httpx.HTTPError as exc:
            raise transport_error(self.backend, exc) from exc
        raise_for_status(response, self.backend)
        try:
            payload = response.json()
        except ValueError as exc:
            raise LLMResponseError(
                f"{self.backend} returned a body that is not JSON: {response.text[:200]}"
            ) from exc
        if not isinstance(payload, dict):
            raise LLMResponseError(f"{self.backend} returned JSON that is not an object.")
        return payload

    async def stream_json(self, path: str, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """Yield each event's JSON until the stream ends (or sends ``[DONE]``)."""
        try:
            async with (
                self._client() as client,
                client.stream("POST", path, json=body) as response,
            ):
                if response.status_code >= 400:
                    await response.aread()
                raise_for_status(response, self.backend)
                async for data in iter_sse_data(response):
                    if data == "[DONE]":
                        return
                    try:
                        event = json.loads(data)
                    except ValueError as exc:
                        raise LLMResponseError(
                            f"{self.backend} sent a stream event that is not JSON: {data[:120]}"
                        ) from exc
                    yield event
        except httpx.HTTPError as exc:
            raise transport_error(self.backend, exc) from exc
