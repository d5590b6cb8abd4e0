"""Bad-input and security tests (issue 6): query parameters, CSV injection, date edges."""
