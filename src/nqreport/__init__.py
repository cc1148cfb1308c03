"""nqreport: từ sổ chỉ tiêu Excel của xã đến báo cáo trình HĐND."""

__version__ = "0.1.0"
